import type { Language } from '../i18n/languages.ts';
import type { ProfileRules } from './profiles.ts';

export type { PeriodLimit, ProfilePlayTime, ProfileRules } from './profiles.ts';
export type MachineBackend = 'auto' | 'dbus' | 'timekpra';

/** One child's computer, with every SSH setting resolved (defaults applied, paths absolute). */
export interface MachineConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Absolute path, or undefined for password authentication. */
  readonly privateKeyFile: string | undefined;
  /** Absolute path of an OpenSSH known_hosts file; it may not exist yet (see `check --trust-new`). */
  readonly knownHostsFile: string;
  readonly timekpra: string;
  /**
   * How the bot talks to Timekpr-nExT there: `dbus` through the bot's helper program (one kept SSH channel, pushed
   * time left), `timekpra` by running the admin command for each question, `auto` the helper when it starts there,
   * otherwise timekpra.
   */
  readonly backend: MachineBackend;
  /** The Python that runs the helper (it needs python3-dbus and python3-gi, as Timekpr-nExT itself does). */
  readonly python: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
}

export interface ChildConfig {
  readonly id: string;
  readonly name: string;
  /** Machine id → login name on that machine, in the order of the config file. */
  readonly accounts: ReadonlyMap<string, string>;
  /** Low-time alerts for this child. */
  readonly alerts: boolean;
  /** The child's own Telegram user IDs: they may see their own time (/time) and ask for more (/ask). */
  readonly telegramIds: readonly number[];
  /** Also send low-time alerts to the child privately, with buttons to ask for more. */
  readonly warn: boolean;
  /** The profile the child follows until a parent switches her to another (`/profile`); none if undefined. */
  readonly profile: string | undefined;
}

/** A named set of house rules (`profiles:`), for some children or all. */
export interface ProfileConfig {
  readonly id: string;
  /** What parents read: the `name:` written, else the id. */
  readonly name: string;
  /** The children it is for (all of them when the file says `all`), in the config's order. */
  readonly childIds: readonly string[];
  readonly rules: ProfileRules;
}

export interface ProfilesConfig {
  /** Once a day (and at start), tell the parents where a computer differs from its child's profile, each difference once. */
  readonly reportDifferences: boolean;
  /** By id, in the config's order. */
  readonly byId: ReadonlyMap<string, ProfileConfig>;
}

export interface AsksConfig {
  /** Children may ask for more time. */
  readonly enabled: boolean;
  /** After a "no", a child waits this long before asking again. */
  readonly cooldownMs: number;
  /** An unanswered request expires after this long (or at the end of the day). */
  readonly expireMs: number;
}

export interface OfflineConfig {
  /** A change for a computer that cannot be reached is kept and applied when it is back (else it fails). */
  readonly keepChanges: boolean;
  /** How often a computer with kept changes is tried again. */
  readonly retryMs: number;
}

export interface ReportsConfig {
  /** When the week's report goes to the family chats: a weekday (0 is Sunday) and minutes after midnight; off if undefined. */
  readonly weekly: { readonly weekday: number; readonly minuteOfDay: number } | undefined;
}

export interface NotificationsConfig {
  /** Alert when a logged-in child's time left drops to or below each of these (minutes); empty: no alerts. */
  readonly thresholdsMinutes: readonly number[];
  readonly pollMs: number;
  /** Tell the group chats about changes made in a private chat. */
  readonly announceChanges: boolean;
}

export interface TelegramConfig {
  readonly parents: readonly number[];
  readonly chats: readonly number[];
  readonly apiRoot: string;
  /** The amounts, in minutes, offered as buttons for each child and machine. */
  readonly buttons: readonly number[];
  /** How long a message Telegram could not take is tried again before it is dropped, in ms (`deliverWithinHours`). */
  readonly deliverWithinMs: number;
  /**
   * The language of messages to the group chats (alerts, digests, announcements) and to people whose Telegram app is
   * set to a language the bot does not speak.
   */
  readonly language: Language;
}

export interface Config {
  readonly telegram: TelegramConfig;
  readonly machines: ReadonlyMap<string, MachineConfig>;
  readonly children: ReadonlyMap<string, ChildConfig>;
  readonly notifications: NotificationsConfig;
  /** Absolute path of the SQLite database file. */
  readonly storagePath: string;
  readonly asks: AsksConfig;
  readonly offline: OfflineConfig;
  readonly reports: ReportsConfig;
  readonly profiles: ProfilesConfig;
}

/** A problem in the config, located in the file when possible. Never carries the offending value. */
export interface ConfigError {
  readonly file: string;
  readonly line: number | undefined;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function formatConfigError(error: ConfigError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  return error.path.length === 0 ? `${where}: ${error.message}` : `${where} ${error.path.join('.')}: ${error.message}`;
}
