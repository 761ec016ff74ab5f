import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import type { RemoteCommand } from '../../../src/ssh/exec-batch.ts';
import { BATCH_SEPARATOR, buildBatchScript, parseBatchOutput, quoteForShell } from '../../../src/ssh/script.ts';

/** Runs a script with the real /bin/sh and returns its stdout. */
function sh(script: string, input = ''): string {
  return execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', input, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
}

const NASTY_WORDS = [
  "it's",
  "''",
  'say "hi"',
  '$(id)',
  '${HOME}',
  '`id`',
  'line1\nline2',
  '\n',
  'back\\slash\\',
  '*',
  '?',
  '~',
  'a;b&&c|d',
  '',
  ' lead and trail ',
  'héllo wörld ✓ 日本',
  '-n',
  '-e',
  '%s%d',
  "'; rm -rf / #",
];

describe('quoteForShell', () => {
  test.each(NASTY_WORDS)('%j reaches printf unchanged through /bin/sh', (word) => {
    expect(sh(`printf '%s' ${quoteForShell(word)}`)).toBe(word);
  });

  test('several quoted words stay separate arguments', () => {
    const words = ['a b', '', "c'd"];
    expect(sh(`printf '<%s>' ${words.map(quoteForShell).join(' ')}`)).toBe('<a b><><c\'d>');
  });
});

describe('buildBatchScript + parseBatchOutput', () => {
  test('runs each command in order and reports its output and exit code', () => {
    const commands: RemoteCommand[] = [
      { argv: ['printf', '%s', 'a b'] },
      { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] },
      { argv: ['printf', ''] },
      { argv: ['printf', 'two\nlines\n'] },
      { argv: ['sh', '-c', 'exit 0'] },
    ];
    const parsed = parseBatchOutput(sh(buildBatchScript(commands)), commands.length);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { output: 'a b', exitCode: 0 },
        { output: 'out\nerr\n', exitCode: 3 },
        { output: '', exitCode: 0 },
        { output: 'two\nlines\n', exitCode: 0 },
        { output: '', exitCode: 0 },
      ],
    });
  });

  test('a missing program gives exit code 127 and the batch goes on', () => {
    const commands: RemoteCommand[] = [{ argv: ['/nonexistent/timekpra', '--userinfo', 'mia'] }, { argv: ['printf', 'after'] }];
    const parsed = parseBatchOutput(sh(buildBatchScript(commands)), 2);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value[0]?.exitCode).toBe(127);
    expect(parsed.value[1]).toEqual({ output: 'after', exitCode: 0 });
  });

  test("commands do not read the shell's stdin", () => {
    const commands: RemoteCommand[] = [{ argv: ['sh', '-c', 'cat; printf done'] }];
    expect(parseBatchOutput(sh(buildBatchScript(commands), 'LEAKED STDIN'), 1)).toEqual({ ok: true, value: [{ output: 'done', exitCode: 0 }] });
  });

  test('env values with quotes and $() reach the program literally', () => {
    const value = `it's $(bad) "q" \`x\` \\ ;`;
    const commands: RemoteCommand[] = [
      { argv: ['sh', '-c', 'printf %s "$X"'], env: { X: value } },
      { argv: ['sh', '-c', 'printf %s "$LC_ALL/$LANGUAGE"'], env: { LC_ALL: 'C', LANGUAGE: 'C' } },
      { argv: ['sh', '-c', 'printf %s "${X-unset}"'] },
    ];
    expect(parseBatchOutput(sh(buildBatchScript(commands)), 3)).toEqual({
      ok: true,
      value: [
        { output: value, exitCode: 0 },
        { output: 'C/C', exitCode: 0 },
        { output: 'unset', exitCode: 0 },
      ],
    });
  });

  test('an argv[0] that looks like an assignment is run as a program, not an assignment', () => {
    const commands: RemoteCommand[] = [{ argv: ['X=1', 'true'] }];
    const parsed = parseBatchOutput(sh(buildBatchScript(commands)), 1);
    expect(parsed.ok && parsed.value[0]?.exitCode).toBe(127);
  });

  test.each(['1X', 'A-B', 'A B', '', 'X;id', 'X=Y', '$(id)'])('rejects the env name %j', (name) => {
    expect(() => buildBatchScript([{ argv: ['true'], env: { [name]: 'v' } }])).toThrow(/invalid environment variable name/);
  });

  test('a wrong number of results is an error', () => {
    const stdout = sh(buildBatchScript([{ argv: ['printf', 'x'] }]));
    expect(parseBatchOutput(stdout, 2)).toEqual({ ok: false, error: 'expected 2 command results, got 1' });
    expect(parseBatchOutput('', 1)).toEqual({ ok: false, error: 'expected 1 command results, got 0' });
    expect(parseBatchOutput(`x\n${BATCH_SEPARATOR} 0\n`, 1)).toEqual({ ok: true, value: [{ output: 'x', exitCode: 0 }] });
  });
});
