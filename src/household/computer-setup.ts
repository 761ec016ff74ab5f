import type { Logger } from 'pino';
import { err, ok, type Result } from '../lib/result.ts';
import type { FirstContact, FirstContactTarget, HostKeySeen } from '../ssh/first-contact.ts';
import { SetupLinks, type SetupLink } from './setup-links.ts';
import type { SetupServer, SetupServerProblem } from './setup-server.ts';

/** A computer being added from the chat, and who asked where. */
export interface Addition {
  readonly machineId: string;
  readonly chatId: number;
  readonly userId: number;
  /** The asker's Telegram language code, for the words of what follows. */
  readonly languageCode: string | undefined;
}

/** What happens to an addition of its own accord: told to the bot, which words it for the asker's chat. */
export type AdditionEvent =
  /** The bot's key is accepted there now: the parent compares `hostKey` and trusts it (or not). */
  | { readonly kind: 'key-accepted'; readonly addition: Addition; readonly hostKey: HostKeySeen }
  /** The setup address ran out, or the watch did, without the bot's key being accepted there. */
  | { readonly kind: 'gave-up'; readonly addition: Addition };

/** What a check of the computer found (the parent tapped Done). */
export type AdditionCheck = FirstContact | { readonly kind: 'not-adding' };

export interface ComputerSetupOptions {
  readonly server: (links: SetupLinks, onServed: (machineId: string) => void) => SetupServer;
  /** How to reach the computer being added (from the config written for it). */
  readonly targetOf: (machineId: string) => Promise<Result<FirstContactTarget, string>>;
  readonly firstContact: (target: FirstContactTarget) => Promise<FirstContact>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Between two looks for the bot's key there, once the script was fetched. Default 3 s. */
  readonly watchEveryMs?: number;
  /** How long it is looked for after the script was fetched. Default 15 minutes. */
  readonly watchForMs?: number;
}

/**
 * Computers being added from the chat: a one-time setup address each (served by the setup server while any is open),
 * then, once the script was fetched, a look every few seconds whether the bot's key is accepted there; when it is,
 * the parent is asked to trust the computer's host key. In memory: a restart forgets them (the parent asks again).
 */
export class ComputerSetup {
  readonly #links: SetupLinks;
  readonly #server: SetupServer;
  readonly #options: ComputerSetupOptions;
  readonly #now: () => number;
  readonly #additions = new Map<string, Addition>();
  readonly #watches = new Map<string, NodeJS.Timeout>();
  /** Additions whose accepted key was told already (once each: the watch and a Done tap may both find it). */
  readonly #told = new Set<Addition>();
  /** Where events go; undefined between two runs of the household, when they wait in `#waiting`. */
  #tell: ((event: AdditionEvent) => void) | undefined;
  readonly #waiting: AdditionEvent[] = [];

  constructor(options: ComputerSetupOptions, links: SetupLinks = new SetupLinks()) {
    this.#options = options;
    this.#links = links;
    this.#now = options.now ?? Date.now;
    this.#server = options.server(links, (machineId) => this.#served(machineId));
  }

  /** Where events go now (the bot of the household's current run); what waited for it is told first. */
  set tell(tell: (event: AdditionEvent) => void) {
    this.#tell = tell;
    for (const event of this.#waiting.splice(0)) tell(event);
  }

  /** The household's run ends: events wait for the next one. */
  detach(): void {
    this.#tell = undefined;
  }

  /** A new setup address for the computer (one given before for it is no longer good), served from now on. */
  async begin(addition: Addition): Promise<Result<SetupLink, SetupServerProblem>> {
    this.#stopWatching(addition.machineId);
    const link = this.#links.open(addition.machineId, this.#now());
    const listening = await this.#server.ensureListening();
    if (!listening.ok) {
      this.#links.take(link.token, this.#now());
      return err(listening.error);
    }
    this.#additions.set(addition.machineId, addition);
    return ok(link);
  }

  /** The addition under way for a computer, if any. */
  addition(machineId: string): Addition | undefined {
    return this.#additions.get(machineId);
  }

  /** Looks at the computer now (the parent says the line has run). A key accepted there is told as an event too. */
  async check(machineId: string): Promise<AdditionCheck> {
    const addition = this.#additions.get(machineId);
    if (addition === undefined) return { kind: 'not-adding' };
    const contact = await this.#contact(machineId);
    if (contact.kind === 'key-accepted') this.#accepted(addition, contact.hostKey);
    return contact;
  }

  /** The parent trusted the computer, or gave up: it is no longer being added. */
  finish(machineId: string): Addition | undefined {
    const addition = this.#additions.get(machineId);
    this.#additions.delete(machineId);
    if (addition !== undefined) this.#told.delete(addition);
    this.#stopWatching(machineId);
    void this.#server.closeIfIdle();
    return addition;
  }

  /** Stops for good (the bot stops). */
  async close(): Promise<void> {
    for (const machineId of [...this.#watches.keys()]) this.#stopWatching(machineId);
    await this.#server.close();
  }

  #served(machineId: string): void {
    const addition = this.#additions.get(machineId);
    if (addition === undefined) return;
    this.#options.logger.info({ machineId }, 'setup script fetched: watching for the bot\'s key there');
    this.#stopWatching(machineId);
    const until = this.#now() + (this.#options.watchForMs ?? 15 * 60_000);
    const look = async () => {
      this.#watches.delete(machineId);
      if (this.#additions.get(machineId) !== addition) return;
      const contact = await this.#contact(machineId);
      // Gone meanwhile, or its key found meanwhile by a Done tap: this look's answer is old.
      if (this.#additions.get(machineId) !== addition || this.#told.has(addition)) return;
      if (contact.kind === 'key-accepted') {
        this.#accepted(addition, contact.hostKey);
        return;
      }
      if (this.#now() >= until) {
        this.#told.add(addition);
        this.#emit({ kind: 'gave-up', addition });
        return;
      }
      this.#watches.set(machineId, setTimeout(() => void look(), this.#options.watchEveryMs ?? 3000));
    };
    this.#watches.set(machineId, setTimeout(() => void look(), this.#options.watchEveryMs ?? 3000));
  }

  #accepted(addition: Addition, hostKey: HostKeySeen): void {
    this.#stopWatching(addition.machineId);
    if (this.#told.has(addition)) return;
    this.#told.add(addition);
    this.#emit({ kind: 'key-accepted', addition, hostKey });
  }

  #emit(event: AdditionEvent): void {
    if (this.#tell === undefined) this.#waiting.push(event);
    else this.#tell(event);
  }

  async #contact(machineId: string): Promise<FirstContact> {
    const target = await this.#options.targetOf(machineId);
    if (!target.ok) return { kind: 'unreachable', failure: { kind: 'ssh-error', message: target.error } };
    return this.#options.firstContact(target.value);
  }

  #stopWatching(machineId: string): void {
    const watch = this.#watches.get(machineId);
    if (watch !== undefined) clearTimeout(watch);
    this.#watches.delete(machineId);
  }
}
