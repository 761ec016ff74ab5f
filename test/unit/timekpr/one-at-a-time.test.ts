import { describe, expect, test } from 'vitest';
import { ok } from '../../../src/lib/result.ts';
import type { CommandOutput, ExecBatch } from '../../../src/ssh/exec-batch.ts';
import { oneAtATimePerMachine } from '../../../src/timekpr/backend.ts';

/** An exec whose batches end only when the test says so, recording when each starts. */
function gatedExec() {
  const started: string[] = [];
  const gates: (() => void)[] = [];
  const exec: ExecBatch = (machineId, commands) => {
    started.push(`${machineId}:${commands[0]?.argv[0] ?? ''}`);
    return new Promise((resolve) => gates.push(() => resolve(ok<CommandOutput[]>([{ output: '', exitCode: 0 }]))));
  };
  return { exec, started, open: () => gates.shift()?.() };
}

describe('oneAtATimePerMachine', () => {
  test("a machine's batches run one after another; another machine's are not held up", async () => {
    const { exec, started, open } = gatedExec();
    const serial = oneAtATimePerMachine(exec);
    const first = serial('pc', [{ argv: ['read'] }]);
    const second = serial('pc', [{ argv: ['write'] }]);
    const other = serial('den', [{ argv: ['read'] }]);
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual(['pc:read', 'den:read']);
    open();
    await first;
    await Promise.resolve();
    expect(started).toEqual(['pc:read', 'den:read', 'pc:write']);
    open();
    open();
    await expect(second).resolves.toMatchObject({ ok: true });
    await expect(other).resolves.toMatchObject({ ok: true });
  });

  test('a batch that throws does not stop the next', async () => {
    let calls = 0;
    const serial = oneAtATimePerMachine(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('bug')) : Promise.resolve(ok([]));
    });
    await expect(serial('pc', [{ argv: ['a'] }])).rejects.toThrow('bug');
    await expect(serial('pc', [{ argv: ['b'] }])).resolves.toEqual(ok([]));
  });
});
