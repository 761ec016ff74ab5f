import type { ConfigEdit } from '../config/write.ts';
import type { ComputerSetup } from '../household/computer-setup.ts';
import type { HostKeySeen } from '../ssh/first-contact.ts';
import { createOncePerWindow, type OncePerWindow } from './telegram/rate-limit.ts';

/** A question of setup from the chat, waiting for its button; kept by number (the button carries only that). */
export type SetupQuestion =
  /** Someone sent /join: any parent approves (`y`) or refuses (`n`). */
  | { readonly kind: 'join'; readonly userId: number; readonly name: string; readonly languageCode: string | undefined }
  /** A parent used the bot in a group that is not set up: use it (`y`) or not (`n`); only that parent answers. */
  | { readonly kind: 'chat'; readonly chatId: number; readonly title: string; readonly parentId: number }
  /** A computer being added: the line has run (`d`), or stop (`x`). */
  | { readonly kind: 'addition'; readonly machineId: string }
  /** The computer's host key: trust it (`y`) or not (`n`). */
  | { readonly kind: 'trust'; readonly machineId: string; readonly hostKey: HostKeySeen }
  /** A login there: a new child (`a`), the same as a child (`s<index of childIds>`), or not a child (`n`). */
  | { readonly kind: 'login'; readonly machineId: string; readonly login: string; readonly childIds: readonly string[] }
  /** A change of the config a parent asked for: make it (`y`) or not (`n`); only that parent answers. */
  | { readonly kind: 'confirm'; readonly edit: ConfigEdit; readonly parentId: number };

/** How long a /join or a group's question is not asked again for the same person or chat: 10 minutes. */
const ASK_AGAIN_MS = 10 * 60_000;
/** Questions kept at most (the oldest go first): enough for any family, bounded for strangers. */
const MAX_QUESTIONS = 500;

/**
 * What setup from the chat keeps between the household's runs (a change of the config starts a new run): the open
 * questions, the computers being added, and how often strangers and groups were asked. One per process, in memory.
 */
export class SetupDesk {
  readonly computers: ComputerSetup;
  /** The config file the bot writes to (absolute). */
  readonly configFile: string;
  /** The bot's own private key, made when first needed (absolute). */
  readonly ownKeyFile: string;
  /** The base of the setup address put in the line (SETUP_URL, or this machine's LAN address). */
  readonly setupUrl: string;
  readonly joins: OncePerWindow = createOncePerWindow({ windowMs: ASK_AGAIN_MS });
  readonly chats: OncePerWindow = createOncePerWindow({ windowMs: ASK_AGAIN_MS });
  readonly #questions = new Map<number, SetupQuestion>();
  #next = 1;

  constructor(options: { readonly computers: ComputerSetup; readonly configFile: string; readonly ownKeyFile: string; readonly setupUrl: string }) {
    this.computers = options.computers;
    this.configFile = options.configFile;
    this.ownKeyFile = options.ownKeyFile;
    this.setupUrl = options.setupUrl;
  }

  /** Keeps a question; its number goes into its buttons. */
  ask(question: SetupQuestion): number {
    const id = this.#next;
    this.#next += 1;
    this.#questions.set(id, question);
    if (this.#questions.size > MAX_QUESTIONS) {
      const oldest = this.#questions.keys().next().value;
      if (oldest !== undefined) this.#questions.delete(oldest);
    }
    return id;
  }

  /** The open question of that number. */
  question(id: number): SetupQuestion | undefined {
    return this.#questions.get(id);
  }

  /** Answered: it is closed (a second tap, or another parent's, finds nothing). */
  close(id: number): void {
    this.#questions.delete(id);
  }

  /** Closes every open question about a computer (it was removed, or is being added anew). */
  closeAbout(machineId: string): void {
    for (const [id, question] of this.#questions) if ('machineId' in question && question.machineId === machineId) this.#questions.delete(id);
  }
}
