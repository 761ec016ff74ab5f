import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import type { Env } from '../lib/env.ts';
import { hasPath, lineOf } from './locate.ts';
import { resolveConfig, type SettingPath } from './resolve.ts';
import { configFileSchema } from './schema.ts';
import type { Config, ConfigError } from './types.ts';

export type { Env };

export interface LoadedConfig {
  readonly file: string;
  readonly config: Config;
  /** Builds an error located at a setting of this file (for problems found later, such as an unreadable key). */
  readonly at: (path: readonly (string | number)[], message: string) => ConfigError;
  /** Machine id → where its private key setting is written (the machine's own, or `ssh.privateKeyFile`). */
  readonly privateKeyFileOrigin: ReadonlyMap<string, SettingPath>;
}

/**
 * Reads, validates and resolves the config file. Every problem is returned, each naming the file, line and setting.
 * Secrets (key files, passphrase, password) are not read here: that is SSH's job (`ssh/credentials.ts`).
 */
export async function loadConfig(configPath: string, apiRoot?: string): Promise<Result<LoadedConfig, ConfigError[]>> {
  const file = path.resolve(configPath);
  const shown = configPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const message = await whyUnreadable(file, (cause as NodeJS.ErrnoException).code);
    return err([{ file: shown, line: undefined, path: [], message }]);
  }
  const parsed = parseConfigText(text, shown);
  if (!parsed.ok) return parsed;
  const { config, privateKeyFileOrigin } = resolveConfig(parsed.value.data, path.dirname(file), apiRoot);
  return ok({ file: shown, config, at: parsed.value.at, privateKeyFileOrigin });
}

/**
 * Why the config file could not be read, and what to do. Docker (and compose) mount a missing file as an empty
 * folder of its name, so an empty folder means the parent has not created config.yaml yet.
 */
async function whyUnreadable(file: string, code: string | undefined): Promise<string> {
  switch (code) {
    case 'ENOENT':
      return 'file not found: start the bot (npm start) to set it up from the chat, or create it from config.example.yaml';
    case 'EISDIR': {
      const entries = await readdir(file).catch(() => undefined);
      if (entries?.length !== 0) return 'is a folder, not a file: give the path of the config file itself';
      return (
        'is an empty folder, not the config file: Docker makes one when config.yaml is missing. Stop the bot ' +
        '(docker compose down), remove that folder, create config.yaml from config.example.yaml next to compose.yaml ' +
        '(README, "Setting up by hand"), and start it again (docker compose up -d)'
      );
    }
    case 'EACCES':
      return `cannot be read: permission denied. Make it readable for the bot (chmod a+r ${path.basename(file)}; in Docker the bot runs as user 1000)`;
    default:
      return `cannot be read (${code ?? 'error'})`;
  }
}

interface ParsedText {
  readonly data: z.infer<typeof configFileSchema>;
  /** Builds an error located at a setting of this file. */
  readonly at: (path: readonly (string | number)[], message: string) => ConfigError;
}

/** What to write when a required setting is missing, by its name. */
const MISSING_HINTS: Readonly<Record<string, string>> = {
  telegram: 'add a telegram: section with the parents\' Telegram user IDs, e.g. parents: [123456789]',
  parents: 'list the parents\' Telegram user IDs, e.g. parents: [123456789]',
  machines: 'add machines: with each child\'s computer, e.g. desktop: { host: 192.168.1.20 }',
  children: 'add children: with each child\'s name and accounts',
  host: 'give the computer\'s host name or IP address, e.g. host: 192.168.1.20',
  name: 'give the name parents call this child, e.g. name: Mia',
  accounts: 'map each computer to the child\'s login name on it, e.g. accounts: { desktop: mia }',
};

/** Parses and validates config text. Pure: `fileName` is only used in messages. */
export function parseConfigText(text: string, fileName: string): Result<ParsedText, ConfigError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((e) => ({
        file: fileName,
        line: lines.linePos(e.pos[0]).line,
        path: [],
        message: `not valid YAML: ${e.message.split('\n')[0] ?? e.code}`,
      })),
    );
  }
  const at = (path: readonly (string | number)[], message: string): ConfigError => ({
    file: fileName,
    line: lineOf(doc, lines, path),
    path,
    message,
  });
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return err([at([], 'is empty (copy config.example.yaml to start)')]);

  const result = configFileSchema.safeParse(raw);
  if (result.success) return ok({ data: result.data, at });

  const errors: ConfigError[] = [];
  for (const issue of result.error.issues) {
    const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...issuePath, key];
        errors.push({ file: fileName, line: lineOf(doc, lines, keyPath, true), path: keyPath, message: 'is not a known setting (a typo?)' });
      }
    } else if (issue.code === 'invalid_type' && !hasPath(doc, issuePath)) {
      errors.push(at(issuePath, `is missing: ${MISSING_HINTS[String(issuePath.at(-1))] ?? 'add it'}`));
    } else {
      errors.push(at(issuePath, issue.message));
    }
  }
  return err(errors);
}
