import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { pino, type Logger } from 'pino';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { parseConfigText } from '../../src/config/load.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { configFileSchema } from '../../src/config/schema.ts';
import { formatConfigError, type Config } from '../../src/config/types.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { Store } from '../../src/storage/store.ts';
import type { UserInfo } from '../../src/timekpr/parse.ts';

/** The config file as a parent writes it (before defaults), so test configs can be built as objects. */
export type ConfigFileInput = FileInput & { machines: NonNullable<FileInput['machines']>; children: NonNullable<FileInput['children']> };
type FileInput = z.input<typeof configFileSchema>;

/** A config from YAML text, through the real schema and resolver. Throws with every problem if the text is invalid. */
export function configFromYaml(text: string): Config {
  const parsed = parseConfigText(text, 'test-config.yaml');
  if (!parsed.ok) throw new Error(`test config is invalid:\n${parsed.error.map(formatConfigError).join('\n')}`);
  return resolveConfig(parsed.value.data, '/etc/timekpr-bot').config;
}

/** A config from an object shaped like the YAML file (written out as YAML, then parsed like a real file). */
export function configOf(file: ConfigFileInput): Config {
  return configFromYaml(stringify(file));
}

/** The config of config.example.yaml, as the bot would load it. */
export function exampleConfig(): Config {
  return configFromYaml(readFileSync(new URL('../../config.example.yaml', import.meta.url), 'utf8'));
}

/** Telegram user IDs of the test family's parents. */
export const PARENT_ANNA = 1001;
export const PARENT_BEN = 1002;
/** The test family's group chat. */
export const FAMILY_CHAT = -1001234567890;

/**
 * A fresh copy of the test family: Mia on desktop and laptop, Leo on desktop only. Tests may change it before
 * passing it to `configOf`.
 */
export function familyFile(): ConfigFileInput {
  return {
    telegram: { parents: [PARENT_ANNA, PARENT_BEN], chats: [FAMILY_CHAT], buttons: [-15, 15, 30, 60] },
    machines: {
      desktop: { host: '192.168.1.20' },
      laptop: { host: 'laptop.lan', port: 2222 },
    },
    children: {
      mia: { name: 'Mia', accounts: { desktop: 'mia', laptop: 'mia2' } },
      leo: { name: 'Leo', accounts: { desktop: 'leo' } },
    },
  };
}

export function familyConfig(): Config {
  return configOf(familyFile());
}

/** The test children's own Telegram user IDs (Mia's is `MIA_USER` of offline-bot.ts, Leo's `LEO_USER`). */
export const CHILD_MIA = 5550001;
export const CHILD_LEO = 5550002;

export interface ChildrenFamilyOptions {
  /** `telegram.chats`; default: the family group. `[]`: requests go to each parent privately. */
  readonly chats?: readonly number[];
  /** The `asks:` section; default: none (the defaults). */
  readonly asks?: ConfigFileInput['asks'];
  /** `children.mia.warn`; default: none (false). */
  readonly miaWarn?: boolean;
}

/**
 * The test family whose children are known to the bot: Mia as `CHILD_MIA`, Leo as `CHILD_LEO` (`children.<id>.telegram`),
 * so they may use /time and /ask. `familyFile()` itself knows no child's Telegram ID.
 */
export function familyWithChildrenFile(options: ChildrenFamilyOptions = {}): ConfigFileInput {
  const file = familyFile();
  return {
    ...file,
    telegram: { ...file.telegram, chats: [...(options.chats ?? [FAMILY_CHAT])] },
    children: {
      mia: { name: 'Mia', accounts: { desktop: 'mia', laptop: 'mia2' }, telegram: [CHILD_MIA], ...(options.miaWarn === undefined ? {} : { warn: options.miaWarn }) },
      leo: { name: 'Leo', accounts: { desktop: 'leo' }, telegram: [CHILD_LEO] },
    },
    ...(options.asks === undefined ? {} : { asks: options.asks }),
  };
}

export function familyWithChildrenConfig(options: ChildrenFamilyOptions = {}): Config {
  return configOf(familyWithChildrenFile(options));
}

/** A child's state on a machine as `timekpra --userinfo` would yield it; by default logged out with an hour left. */
export function userInfo(login: string, fields: Partial<Omit<UserInfo, 'login'>> = {}): UserInfo {
  return {
    login,
    loggedIn: false,
    secondsLeft: 3600,
    secondsSpentToday: 0,
    spentBalanceSeconds: 0,
    todayLimitSeconds: 3600,
    allowedHoursToday: [],
    ...fields,
  };
}

/** A logger that writes nothing, for modules that take one. */
export function silentLogger(): Logger {
  return pino({ enabled: false });
}

/** A fresh temporary folder (`/tmp/tkbot-…`) and a way to remove it. */
export function tempDir(): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(`${os.tmpdir()}/tkbot-`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real Store on a new SQLite file in a temporary folder; `remove` closes it (if still open) and deletes the folder. */
export function tempStore(): { readonly store: Store; readonly file: string; readonly remove: () => void } {
  const { dir, remove } = tempDir();
  const file = `${dir}/bot.sqlite`;
  const opened = openDatabase(file);
  if (!opened.ok) throw new Error(opened.error);
  const store = new Store(opened.value);
  return {
    store,
    file,
    remove: () => {
      try {
        store.close();
      } catch {
        // Already closed by the test.
      }
      remove();
    },
  };
}
