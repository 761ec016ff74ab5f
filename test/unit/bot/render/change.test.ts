import { describe, expect, test } from 'vitest';
import { formatChangeLine } from '../../../../src/bot/render/change.ts';
import { err, ok } from '../../../../src/lib/result.ts';
import type { MachineFailure } from '../../../../src/timekpr/client.ts';
import { configOf, familyConfig, familyFile, userInfo } from '../../../support/bot-config.ts';
import { english } from '../../../support/words.ts';

const config = familyConfig();
const connectTimeout: MachineFailure = { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false };
const commandTimeout: MachineFailure = { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true };

/** Mia: logged in on desktop, laptop unreachable. Leo: logged out on desktop. */

describe('formatChangeLine', () => {
  const change = { childId: 'mia', machineId: 'desktop', minutes: 15, by: 'Anna' };
  const readBack = (secondsLeft: number, capped: boolean) =>
    ok({ kind: 'read-back' as const, info: userInfo('mia', { secondsLeft }), capped });

  test('ok: what, for whom, where, by whom, and the time left read back', () => {
    expect(formatChangeLine(english, config, change, readBack(4800, false))).toBe('✅ +15 min for Mia on desktop by Anna: 1h 20m left');
  });

  test('taking time away uses a real minus sign', () => {
    expect(formatChangeLine(english, config, { ...change, minutes: -10 }, readBack(600, false))).toBe(
      '✅ −10 min for Mia on desktop by Anna: 10m left',
    );
  });

  test('capped', () => {
    expect(formatChangeLine(english, config, { ...change, minutes: 60 }, readBack(1800, true))).toBe(
      '⚠️ +60 min for Mia on desktop by Anna: 30m left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.',
    );
  });

  test('failed before the command was sent', () => {
    expect(formatChangeLine(english, config, change, err(connectTimeout))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: not reachable (timed out after 5 s)',
    );
    expect(formatChangeLine(english, config, change, err({ kind: 'connection-lost', commandSent: false }))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: the connection broke',
    );
  });

  test('a failure without commandSent counts as failed', () => {
    expect(formatChangeLine(english, config, change, err({ kind: 'access-denied' }))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: SSH user "timekpr-remote" may not use Timekpr-nExT',
    );
  });

  test('failed after the command was sent: unknown whether it was applied', () => {
    expect(formatChangeLine(english, config, change, err(commandTimeout))).toBe(
      '❓ +15 min for Mia on desktop by Anna: unknown whether it was applied (no answer (the command timed out after 15 s)). The time is read again below.',
    );
    expect(formatChangeLine(english, config, change, err({ kind: 'connection-lost', commandSent: true }))).toBe(
      '❓ +15 min for Mia on desktop by Anna: unknown whether it was applied (the connection broke while the command ran). The time is read again below.',
    );
  });

  test('applied but not read back', () => {
    expect(formatChangeLine(english, config, change, ok({ kind: 'not-read-back', readFailure: connectTimeout }))).toBe(
      '✅ +15 min for Mia on desktop by Anna, but the new time could not be read (not reachable (timed out after 5 s))',
    );
  });

  test('HTML in the child name and the parent name is escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    expect(
      formatChangeLine(english, configOf(file), { childId: 'tom', machineId: 'desktop', minutes: 15, by: '<b>Dad</b> & co' }, readBack(900, false)),
    ).toBe('✅ +15 min for Tom &amp; &lt;Jerry&gt; on desktop by &lt;b&gt;Dad&lt;/b&gt; &amp; co: 15m left');
  });
});
