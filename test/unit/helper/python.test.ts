import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';

interface Run {
  code: number | string | null;
  output: string;
}

/** Runs the helper's own Python tests (helper/test_helper.py) with the system Python, from the repository root. */
function runPythonTests(): Promise<Run> {
  const args = ['-m', 'unittest', 'discover', '-s', 'helper', '-p', 'test_*.py'];
  // No __pycache__ left in helper/: the tests import the helper straight from its file.
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', args, { cwd: process.cwd(), env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal ?? null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('timekpr-bot-helper.py', () => {
  test('passes its Python unit tests', async () => {
    const run = await runPythonTests();
    expect(run.code, run.output).toBe(0);
  }, 130_000);
});
