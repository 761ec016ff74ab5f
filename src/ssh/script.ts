import { err, ok, type Result } from '../lib/result.ts';
import type { CommandOutput, RemoteCommand } from './exec-batch.ts';

/** Quotes one word for a POSIX shell: it reaches the program exactly as given, whatever it contains. */
export function quoteForShell(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Marks the end of each command's output in a batch, followed by its exit code. */
export const BATCH_SEPARATOR = '@@timekpr-bot:exit@@';

/**
 * Builds one shell script that runs `commands` in order and reports each one's output and exit code, so several
 * commands cost one round trip. Every argv word and env value is quoted; env names are checked.
 */
export function buildBatchScript(commands: readonly RemoteCommand[]): string {
  return commands
    .map((command) => `${quotedWords(command)} </dev/null 2>&1; printf '\\n%s %s\\n' '${BATCH_SEPARATOR}' "$?"`)
    .join('; ');
}

/** One command line that replaces the login shell with `command` (`exec`), every word and env value quoted. */
export function buildExecLine({ argv, env = {} }: RemoteCommand): string {
  return [...assignments(env), 'exec', ...argv.map(quoteForShell)].join(' ');
}

/** `NAME='value' … 'argv0' 'argv1' …`. */
function quotedWords({ argv, env = {} }: RemoteCommand): string {
  return [...assignments(env), ...argv.map(quoteForShell)].join(' ');
}

/** `NAME='value'` words; names are checked. */
function assignments(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new Error(`invalid environment variable name: ${JSON.stringify(name)}`);
    return `${name}=${quoteForShell(value)}`;
  });
}

/** Splits a batch's output back into one result per command. Pure. */
export function parseBatchOutput(stdout: string, expectedCommands: number): Result<CommandOutput[], string> {
  const results: CommandOutput[] = [];
  const marker = new RegExp(`\\n${BATCH_SEPARATOR} (\\d+)\\n`, 'g');
  let start = 0;
  for (const match of stdout.matchAll(marker)) {
    results.push({ output: stdout.slice(start, match.index), exitCode: Number(match[1]) });
    start = match.index + match[0].length;
  }
  if (results.length !== expectedCommands) {
    return err(`expected ${expectedCommands} command results, got ${results.length}`);
  }
  return ok(results);
}
