import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';
import { layering } from '../../../eslint.layering.js';

// Only the layering blocks, with the TypeScript parser but no type information: fast, and the
// linted files need not exist (lintText is given the text and a path to judge it by).
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../../../', import.meta.url)),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layering],
});

async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

type Case = [filePath: string, code: string, expected: string];

// [file, code, words the message must contain]
const denied: Case[] = [
  // src/lib imports no other layer.
  ['src/lib/result.ts', "import { x } from '../config/types.ts';", 'src/lib may not import src/config'],
  ['src/lib/result.ts', "import { x } from '../ssh/pool.ts';", 'src/lib may not import src/ssh'],
  ['src/lib/result.ts', "import { x } from '../timekpr/client.ts';", 'src/lib may not import src/timekpr'],
  ['src/lib/result.ts', "import { x } from '../bot/bot.ts';", 'src/lib may not import src/bot'],
  ['src/lib/result.ts', "import { x } from '../alerts/watcher.ts';", 'src/lib may not import src/alerts'],
  ['src/lib/result.ts', "import { x } from '../storage/store.ts';", 'src/lib may not import src/storage'],
  ['src/lib/result.ts', "import { x } from '../check/probe.ts';", 'src/lib may not import src/check'],
  ['src/lib/result.ts', "import { x } from '../cli/check.ts';", 'src/lib may not import src/cli'],
  ['src/lib/result.ts', "import { x } from '../remote/exec.ts';", 'src/lib may not import src/remote'],
  ['src/lib/result.ts', "import { x } from '../main.ts';", 'src/lib may not import src/main.ts'],
  ['src/lib/deep/util.ts', "import type { X } from '../../config/types.ts';", 'src/lib may not import src/config'],
  // src/config: nothing from the layers above it.
  ['src/config/schema.ts', "import { x } from '../bot/create-bot.ts';", 'src/config may not import src/bot'],
  ['src/config/schema.ts', "import { x } from '../ssh/pool.ts';", 'src/config may not import src/ssh'],
  ['src/config/schema.ts', "import { x } from '../timekpr/client.ts';", 'src/config may not import src/timekpr'],
  ['src/config/schema.ts', "import { x } from '../timekpr/patterns.ts';", 'src/config may not import src/timekpr'],
  ['src/config/schema.ts', "import { x } from '../alerts/thresholds.ts';", 'src/config may not import src/alerts'],
  ['src/config/schema.ts', "import { x } from '../storage/store.ts';", 'src/config may not import src/storage'],
  ['src/config/schema.ts', "import { x } from '../check/probe.ts';", 'src/config may not import src/check'],
  ['src/config/schema.ts', "import { x } from '../cli/check.ts';", 'src/config may not import src/cli'],
  ['src/config/schema.ts', "import { x } from '../main.ts';", 'src/config may not import src/main.ts'],
  // src/i18n: the words, below everything but lib; no Telegram.
  ['src/i18n/format.ts', "import type { Config } from '../config/types.ts';", 'src/i18n may not import src/config'],
  ['src/i18n/format.ts', "import { x } from '../household/apply.ts';", 'src/i18n may not import src/household'],
  ['src/i18n/format.ts', "import { x } from '../bot/words.ts';", 'src/i18n may not import src/bot'],
  ['src/i18n/format.ts', "import { Bot } from 'grammy';", "may not import the package 'grammy'"],
  // src/household: facts, not words, and no Telegram; nothing below it imports it.
  ['src/household/apply.ts', "import { x } from '../bot/render/change.ts';", 'src/household may not import src/bot'],
  ['src/household/apply.ts', "import type { Words } from '../i18n/words.ts';", 'src/household may not import src/i18n'],
  ['src/household/apply.ts', "import type { Context } from 'grammy';", "may not import the package 'grammy'"],
  ['src/household/apply.ts', "import { x } from '@grammyjs/conversations';", "may not import the package '@grammyjs'"],
  ['src/household/apply.ts', "import { DatabaseSync } from 'node:sqlite';", "may not import 'node:sqlite'"],
  ['src/household/apply.ts', "import { x } from '../main.ts';", 'src/household may not import src/main.ts'],
  ['src/storage/store.ts', "import { x } from '../household/apply.ts';", 'src/storage may not import src/household'],
  ['src/timekpr/client.ts', "import { x } from '../household/status.ts';", 'src/timekpr may not import src/household'],
  ['src/reports/report.ts', "import { x } from '../household/asks.ts';", 'src/reports may not import src/household'],
  ['src/alerts/watcher.ts', "import { x } from '../household/status.ts';", 'src/alerts may not import src/household'],
  // src/bot/features: no feature imports another.
  ['src/bot/features/add.ts', "import { showStatus } from './status.ts';", 'a feature in src/bot/features may not import another feature'],
  // src/ssh
  ['src/ssh/pool.ts', "import type { X } from '../timekpr/client.ts';", 'src/ssh may not import src/timekpr'],
  ['src/ssh/pool.ts', "import { x } from '../storage/store.ts';", 'src/ssh may not import src/storage'],
  ['src/ssh/pool.ts', "import { x } from '../alerts/watcher.ts';", 'src/ssh may not import src/alerts'],
  ['src/ssh/pool.ts', "import { x } from '../check/probe.ts';", 'src/ssh may not import src/check'],
  ['src/ssh/pool.ts', "import { x } from '../cli/check.ts';", 'src/ssh may not import src/cli'],
  ['src/ssh/pool.ts', "import { x } from '../main.ts';", 'src/ssh may not import src/main.ts'],
  // src/timekpr: no Telegram, no ssh2, no sqlite, no pool; only the exec seam.
  ['src/timekpr/client.ts', "import type { ExecBatch } from '../ssh/pool.ts';", 'src/timekpr may not import src/ssh/pool.ts'],
  ['src/timekpr/client.ts', "import { Bot } from 'grammy';", "may not import the package 'grammy'"],
  ['src/timekpr/client.ts', "import type { Message } from 'grammy/types';", "may not import the package 'grammy'"],
  ['src/timekpr/client.ts', "import { run } from '@grammyjs/runner';", "may not import the package '@grammyjs'"],
  ['src/timekpr/client.ts', "import { Client } from 'ssh2';", "may not import the package 'ssh2'"],
  ['src/timekpr/client.ts', "import { DatabaseSync } from 'node:sqlite';", "may not import 'node:sqlite'"],
  ['src/timekpr/client.ts', "import { x } from '../bot/bot.ts';", 'src/timekpr may not import src/bot'],
  ['src/timekpr/client.ts', "import { x } from '../alerts/watcher.ts';", 'src/timekpr may not import src/alerts'],
  ['src/timekpr/client.ts', "import { x } from '../storage/store.ts';", 'src/timekpr may not import src/storage'],
  ['src/timekpr/client.ts', "import { x } from '../check/probe.ts';", 'src/timekpr may not import src/check'],
  ['src/timekpr/client.ts', "import { x } from '../cli/check.ts';", 'src/timekpr may not import src/cli'],
  ['src/timekpr/client.ts', "import { x } from '../main.ts';", 'src/timekpr may not import src/main.ts'],
  // src/storage: nothing from src/alerts.
  ['src/storage/store.ts', "import { x } from '../alerts/watcher.ts';", 'src/storage may not import src/alerts'],
  ['src/storage/store.ts', "import type { AlertState } from '../alerts/alert-state.ts';", 'src/storage may not import src/alerts'],
  ['src/storage/store.ts', "import { x } from '../bot/bot.ts';", 'src/storage may not import src/bot'],
  ['src/storage/store.ts', "import { x } from '../timekpr/client.ts';", 'src/storage may not import src/timekpr'],
  ['src/storage/store.ts', "import { x } from '../ssh/failure.ts';", 'src/storage may not import src/ssh'],
  ['src/storage/store.ts', "import { x } from '../check/probe.ts';", 'src/storage may not import src/check'],
  ['src/storage/store.ts', "import { x } from '../cli/check.ts';", 'src/storage may not import src/cli'],
  ['src/storage/store.ts', "import { x } from '../main.ts';", 'src/storage may not import src/main.ts'],
  // src/alerts
  ['src/alerts/watcher.ts', "import { Bot } from 'grammy';", "src/alerts may not import the package 'grammy'"],
  ['src/alerts/watcher.ts', "import { x } from '../bot/alerts.ts';", 'src/alerts may not import src/bot'],
  ['src/alerts/watcher.ts', "import { x } from '../check/probe.ts';", 'src/alerts may not import src/check'],
  ['src/alerts/watcher.ts', "import { x } from '../cli/check.ts';", 'src/alerts may not import src/cli'],
  ['src/alerts/watcher.ts', "import { x } from '../main.ts';", 'src/alerts may not import src/main.ts'],
  // src/check and src/cli
  ['src/check/probe.ts', "import { x } from '../bot/bot.ts';", 'src/check may not import src/bot'],
  ['src/check/probe.ts', "import { x } from '../alerts/watcher.ts';", 'src/check may not import src/alerts'],
  ['src/check/probe.ts', "import { x } from '../main.ts';", 'src/check may not import src/main.ts'],
  ['src/cli/check.ts', "import { x } from '../bot/bot.ts';", 'src/cli may not import src/bot'],
  ['src/cli/check.ts', "import { x } from '../alerts/watcher.ts';", 'src/cli may not import src/alerts'],
  ['src/cli/check.ts', "import { x } from '../main.ts';", 'src/cli may not import src/main.ts'],
  // Nothing outside src/bot (but src/main.ts) imports src/bot, at any depth and in any import form.
  ['src/remote/exec.ts', "import { x } from '../bot/bot.ts';", 'may not import src/bot'],
  ['src/helper.ts', "import { x } from './bot/bot.ts';", 'may not import src/bot'],
  ['src/storage/sqlite/rows.ts', "import type { X } from '../../bot/features/status.ts';", 'src/storage may not import src/bot'],
  ['src/config/schema.ts', "export { x } from '../bot/bot.ts';", 'src/config may not import src/bot'],
  ['src/config/schema.ts', "export * from '../bot/bot.ts';", 'src/config may not import src/bot'],
  ['src/config/schema.ts', "import '../bot/bot.ts';", 'src/config may not import src/bot'],
];

const allowed: [filePath: string, code: string][] = [
  ['src/bot/features/status.ts', "import { x } from '../../timekpr/client.ts';"],
  ['src/bot/features/status.ts', "import { x } from '../render/keyboards.ts';"],
  ['src/bot/features/status.ts', "import { x } from '../create-bot.ts';"],
  ['src/bot/features/status.ts', "import { Bot } from 'grammy';"],
  ['src/main.ts', "import { x } from './bot/bot.ts';"],
  ['src/main.ts', "import { x } from './storage/store.ts';"],
  ['src/config/schema.ts', "import { x } from './patterns.ts';"],
  ['src/timekpr/commands.ts', "import { x } from '../config/patterns.ts';"],
  ['src/config/schema.ts', "import { x } from '../lib/result.ts';"],
  ['src/config/schema.ts', "import { x } from './types.ts';"],
  ['src/lib/result.ts', "import { x } from './errors.ts';"],
  ['src/ssh/pool.ts', "import { Client } from 'ssh2';"],
  ['src/ssh/pool.ts', "import type { X } from '../config/types.ts';"],
  ['src/timekpr/client.ts', "import type { ExecBatch } from '../ssh/exec-batch.ts';"],
  ['src/timekpr/client.ts', "import type { SshFailure } from '../ssh/failure.ts';"],
  ['src/timekpr/client.ts', "import { x } from '../config/types.ts';"],
  ['src/storage/store.ts', "import type { AlertState } from './alert-state.ts';"],
  ['src/alerts/thresholds.ts', "import type { AlertState } from '../storage/alert-state.ts';"],
  ['src/storage/store.ts', "import { DatabaseSync } from 'node:sqlite';"],
  ['src/alerts/watcher.ts', "import { x } from '../storage/store.ts';"],
  ['src/alerts/watcher.ts', "import { x } from '../timekpr/client.ts';"],
  ['src/check/probe.ts', "import { x } from '../ssh/pool.ts';"],
  ['src/check/probe.ts', "import { x } from '../timekpr/client.ts';"],
  ['src/cli/check.ts', "import { x } from '../check/probe.ts';"],
  ['src/cli/check.ts', "import { x } from '../storage/store.ts';"],
  ['test/unit/bot/status.test.ts', "import { x } from '../../../src/bot/status.ts';"],
  ['bench/run.ts', "import { x } from '../src/bot/bot.ts';"],
  ['src/bot/features/add.ts', "import { applyOnce } from '../../household/apply.ts';"],
  ['src/household/pausing.ts', "import { x } from '../storage/store.ts';"],
  ['src/household/apply.ts', "import type { TimekprClient } from '../timekpr/client.ts';"],
  ['src/bot/render/status.ts', "import type { Words } from '../../i18n/words.ts';"],
];

describe('layering rules (eslint.layering.js)', () => {
  test.each(denied)('%s: %s is reported', async (filePath, code, expected) => {
    const messages = await lint(filePath, code);
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    expect(messages[0]?.message).toContain('Layering: ');
    expect(messages[0]?.message).toContain(expected);
  });

  test.each(allowed)('%s: %s is allowed', async (filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });

  test('every folder rule is exercised by a denied case', () => {
    const tested = new Set(denied.map(([filePath]) => filePath.split('/').slice(0, 2).join('/')));
    for (const folder of ['src/lib', 'src/i18n', 'src/config', 'src/ssh', 'src/timekpr', 'src/storage', 'src/alerts', 'src/reports', 'src/household', 'src/check', 'src/cli']) {
      expect(tested).toContain(folder);
    }
  });
});
