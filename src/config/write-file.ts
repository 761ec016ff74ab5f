import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { messageOf } from '../lib/errors.ts';
import { oneAtATimeByKey } from '../lib/one-at-a-time.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { Language } from '../i18n/languages.ts';
import { editConfigText, type ConfigEdit, type ConfigEditProblem } from './write.ts';

/** Why the config file was not changed: the edit itself (write.ts), or the file could not be read or written. */
export type ConfigWriteProblem = ConfigEditProblem | { readonly kind: 'io'; readonly message: string };

/** Edits of one file, one after the other: two taps at once never write over each other. */
const inTurn = oneAtATimeByKey();

/**
 * Makes `edit` in the config file: read, edited on its YAML document (the parent's comments and order kept),
 * validated, written back with the file's own mode. Nothing is written when anything fails.
 */
export function editConfigFile(file: string, edit: ConfigEdit): Promise<Result<void, ConfigWriteProblem>> {
  return inTurn(file, () => editNow(file, edit));
}

async function editNow(file: string, edit: ConfigEdit): Promise<Result<void, ConfigWriteProblem>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    return err({ kind: 'io', message: `cannot read ${file}: ${messageOf(cause)}` });
  }
  const edited = editConfigText(text, edit, path.basename(file));
  if (!edited.ok) return edited;
  return replaceFile(file, edited.value);
}

/**
 * Writes `text` over the file: into a new file beside it, then renamed over it, so a stop halfway never leaves half a
 * config. A file mounted on its own into a container cannot be renamed over: then it is written in place.
 */
async function replaceFile(file: string, text: string): Promise<Result<void, ConfigWriteProblem>> {
  let mode = 0o600;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch {
    // Gone since it was read: written new, readable only by the bot.
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { mode });
    await rename(temporary, file);
    return ok(undefined);
  } catch (cause) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return err({ kind: 'io', message: `cannot write ${file}: ${messageOf(cause)}` });
  }
  try {
    await writeFile(file, text);
    return ok(undefined);
  } catch (cause) {
    return err({ kind: 'io', message: `cannot write ${file}: ${messageOf(cause)}` });
  }
}

/** What the first config holds: the first parent, the language they speak, the bot's own key. */
export interface FirstConfig {
  readonly parentId: number;
  readonly language: Language;
  /** The bot's own private key, relative to the config file's folder. */
  readonly privateKeyFile: string;
}

/** The config file the bot writes when its first parent claims it: short, explained, valid; never a secret. */
export function firstConfigText(first: FirstConfig): string {
  const scalar = (value: string | number) => stringify(value).trim();
  return `# timekpr-bot's settings. The bot wrote this file when its first parent claimed it, and adds to it what is set
# up in the chat (parents, group chats, computers, children). You may edit it by hand too, comments included: send
# /reload to the bot (or restart it) afterwards. Every setting is explained in config.example.yaml.
# Secrets never go in this file: BOT_TOKEN, SSH_KEY_PASSPHRASE and SSH_PASSWORD come from the environment or .env.

telegram:
  # Telegram user IDs of the parents (another parent sends /join to the bot).
  parents: [${scalar(first.parentId)}]
  # Group chats where parents use the bot and alerts go (add the bot to the group, send /status there).
  chats: []
  language: ${scalar(first.language)}

ssh:
  # The bot's own key, made at its first start: its public half goes to each computer with /computer add.
  privateKeyFile: ${scalar(first.privateKeyFile)}

# The children's computers: /computer add NAME HOST in the chat.
machines: {}

# The children, and their login on each computer.
children: {}
`;
}

/**
 * Creates the config file with `text`, only if there is none yet (a file made meanwhile by hand is never replaced).
 * `exists`: there is one now.
 */
export async function createConfigFile(file: string, text: string): Promise<Result<void, { readonly kind: 'exists' } | { readonly kind: 'io'; readonly message: string }>> {
  try {
    await writeFile(file, text, { mode: 0o644, flag: 'wx' });
    return ok(undefined);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return err({ kind: 'exists' });
    return err({ kind: 'io', message: `cannot write ${file}: ${messageOf(cause)}` });
  }
}
