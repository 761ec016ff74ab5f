import { describe, expect, test } from 'vitest';
import { withChange, type StatusSnapshot } from '../../../src/household/status.ts';
import { err, ok } from '../../../src/lib/result.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import { userInfo } from '../../support/bot-config.ts';

const miaDesktop = userInfo('mia', { secondsLeft: 600 });
const miaLaptop = userInfo('mia2', { secondsLeft: 1200 });
const leoDesktop = userInfo('leo', { secondsLeft: 1800 });
const laptopDown: MachineFailure = { kind: 'unreachable', reason: 'no route to host' };

function snapshot(): StatusSnapshot {
  return [
    { childId: 'mia', machineId: 'desktop', info: ok(miaDesktop) },
    { childId: 'mia', machineId: 'laptop', info: err(laptopDown) },
    { childId: 'leo', machineId: 'desktop', info: ok(leoDesktop) },
  ];
}

describe('withChange', () => {
  test('a read-back replaces only the changed account', () => {
    const before = snapshot();
    const after = userInfo('leo', { secondsLeft: 2700, loggedIn: true });
    const result = withChange(before, 'leo', 'desktop', ok({ kind: 'read-back', info: after, capped: false }));
    expect(result).toEqual([before[0], before[1], { childId: 'leo', machineId: 'desktop', info: ok(after) }]);
    // The other accounts are untouched, and the input is not changed.
    expect(result?.[0]).toBe(before[0]);
    expect(result?.[1]).toBe(before[1]);
    expect(before).toEqual(snapshot());
  });

  test('a read-back of an account that was failing replaces the failure', () => {
    const result = withChange(snapshot(), 'mia', 'laptop', ok({ kind: 'read-back', info: miaLaptop, capped: true }));
    expect(result?.map((account) => account.info)).toEqual([ok(miaDesktop), ok(miaLaptop), ok(leoDesktop)]);
  });

  test('a change that could not run puts its failure on that account', () => {
    const failure: MachineFailure = { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false };
    const before = snapshot();
    const result = withChange(before, 'mia', 'desktop', err(failure));
    expect(result).toEqual([{ childId: 'mia', machineId: 'desktop', info: err(failure) }, before[1], before[2]]);
  });

  test('a change whose outcome is unknown (sent, then the connection broke) asks for a re-read', () => {
    const failure: MachineFailure = { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true };
    expect(withChange(snapshot(), 'mia', 'desktop', err(failure))).toBeUndefined();
  });

  test('a change that was not read back asks for a re-read', () => {
    expect(withChange(snapshot(), 'mia', 'desktop', ok({ kind: 'not-read-back', readFailure: laptopDown }))).toBeUndefined();
  });

  test('the same machine of another child is not touched', () => {
    const result = withChange(snapshot(), 'mia', 'desktop', err(laptopDown));
    expect(result?.[2]).toEqual({ childId: 'leo', machineId: 'desktop', info: ok(leoDesktop) });
    expect(result?.[0]?.info).toEqual(err(laptopDown));
  });

  test('a change for an account not in the snapshot changes nothing', () => {
    expect(withChange(snapshot(), 'sam', 'desktop', err(laptopDown))).toEqual(snapshot());
  });
});
