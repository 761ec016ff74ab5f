import { describe, expect, test } from 'vitest';
import { escapeHtml, formatChangeLine, formatMinutes, formatStatus } from '../../../src/bot/format.ts';
import type { StatusSnapshot } from '../../../src/bot/status.ts';
import { err, ok } from '../../../src/lib/result.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import { configOf, familyConfig, familyFile, userInfo } from '../../support/bot-config.ts';

const config = familyConfig();
const connectTimeout: MachineFailure = { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false };
const commandTimeout: MachineFailure = { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true };

/** Mia: logged in on desktop, laptop unreachable. Leo: logged out on desktop. */
const SNAPSHOT: StatusSnapshot = [
  { childId: 'mia', machineId: 'desktop', info: ok(userInfo('mia', { loggedIn: true, secondsLeft: 3900, secondsSpentToday: 2700 })) },
  { childId: 'mia', machineId: 'laptop', info: err(connectTimeout) },
  { childId: 'leo', machineId: 'desktop', info: ok(userInfo('leo', { loggedIn: false, secondsLeft: 659, secondsSpentToday: 0 })) },
];

describe('escapeHtml', () => {
  test('escapes &, < and >', () => {
    expect(escapeHtml('Tom & <Jerry> > 3')).toBe('Tom &amp; &lt;Jerry&gt; &gt; 3');
  });

  test('escapes an entity again rather than trusting it', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  test('leaves other text alone', () => {
    expect(escapeHtml('Mia · desktop "quoted" 1h 05m')).toBe('Mia · desktop "quoted" 1h 05m');
  });
});

describe('formatMinutes', () => {
  test('a real minus sign for negatives', () => {
    expect(formatMinutes(15)).toBe('+15 min');
    expect(formatMinutes(-10)).toBe('\u221210 min');
  });
});

describe('formatStatus', () => {
  test('every child in bold with each machine: time left, logged in or not, used today; a failure in plain words', () => {
    expect(formatStatus(config, SNAPSHOT)).toBe(
      [
        '<b>Mia</b>',
        'desktop: <b>1h 05m</b> left · logged in · 45m used today',
        'laptop: ⚠️ not reachable (timed out after 5 s)',
        '',
        '<b>Leo</b>',
        'desktop: <b>10m</b> left · not logged in · 0m used today',
      ].join('\n'),
    );
  });

  test('footer lines come after a blank line', () => {
    expect(formatStatus(config, SNAPSHOT, ['<i>Updated 12:00</i>', 'second line'])).toBe(
      `${formatStatus(config, SNAPSHOT)}\n\n<i>Updated 12:00</i>\nsecond line`,
    );
    expect(formatStatus(config, SNAPSHOT, [])).toBe(formatStatus(config, SNAPSHOT));
  });

  test('HTML in a child name is escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    const snapshot: StatusSnapshot = [{ childId: 'tom', machineId: 'desktop', info: ok(userInfo('tom', { secondsLeft: 7200 })) }];
    expect(formatStatus(configOf(file), snapshot)).toBe(
      '<b>Tom &amp; &lt;Jerry&gt;</b>\ndesktop: <b>2h 00m</b> left · not logged in · 0m used today',
    );
  });

  test('HTML in a failure reason is escaped', () => {
    const snapshot: StatusSnapshot = [
      { childId: 'leo', machineId: 'desktop', info: err({ kind: 'unexpected-output', text: '<html>&nbsp;' }) },
    ];
    expect(formatStatus(config, snapshot)).toBe(
      '<b>Mia</b>\n\n<b>Leo</b>\ndesktop: ⚠️ unexpected answer from timekpra: "&lt;html&gt;&amp;nbsp;"',
    );
  });

  test('one failing machine does not hide the others', () => {
    const snapshot: StatusSnapshot = [
      { childId: 'mia', machineId: 'desktop', info: err({ kind: 'daemon-not-running' }) },
      { childId: 'mia', machineId: 'laptop', info: ok(userInfo('mia2', { secondsLeft: 90, secondsSpentToday: 3599 })) },
      { childId: 'leo', machineId: 'desktop', info: err({ kind: 'daemon-not-running' }) },
    ];
    expect(formatStatus(config, snapshot)).toBe(
      [
        '<b>Mia</b>',
        'desktop: ⚠️ Timekpr-nExT is not running',
        'laptop: <b>1m</b> left · not logged in · 59m used today',
        '',
        '<b>Leo</b>',
        'desktop: ⚠️ Timekpr-nExT is not running',
      ].join('\n'),
    );
  });
});

describe('formatChangeLine', () => {
  const change = { childId: 'mia', machineId: 'desktop', minutes: 15, by: 'Anna' };
  const readBack = (secondsLeft: number, capped: boolean) =>
    ok({ kind: 'read-back' as const, info: userInfo('mia', { secondsLeft }), capped });

  test('ok: what, for whom, where, by whom, and the time left read back', () => {
    expect(formatChangeLine(config, change, readBack(4800, false))).toBe('✅ +15 min for Mia on desktop by Anna: 1h 20m left');
  });

  test('taking time away uses a real minus sign', () => {
    expect(formatChangeLine(config, { ...change, minutes: -10 }, readBack(600, false))).toBe(
      '✅ −10 min for Mia on desktop by Anna: 10m left',
    );
  });

  test('capped', () => {
    expect(formatChangeLine(config, { ...change, minutes: 60 }, readBack(1800, true))).toBe(
      '⚠️ +60 min for Mia on desktop by Anna: 30m left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.',
    );
  });

  test('failed before the command was sent', () => {
    expect(formatChangeLine(config, change, err(connectTimeout))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: not reachable (timed out after 5 s)',
    );
    expect(formatChangeLine(config, change, err({ kind: 'connection-lost', commandSent: false }))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: the connection broke',
    );
  });

  test('a failure without commandSent counts as failed', () => {
    expect(formatChangeLine(config, change, err({ kind: 'access-denied' }))).toBe(
      '❌ +15 min for Mia on desktop by Anna failed: SSH user "timekpr-remote" may not use Timekpr-nExT',
    );
  });

  test('failed after the command was sent: unknown whether it was applied', () => {
    expect(formatChangeLine(config, change, err(commandTimeout))).toBe(
      '❓ +15 min for Mia on desktop by Anna: unknown whether it was applied (no answer (the command timed out after 15 s)). The time is read again below.',
    );
    expect(formatChangeLine(config, change, err({ kind: 'connection-lost', commandSent: true }))).toBe(
      '❓ +15 min for Mia on desktop by Anna: unknown whether it was applied (the connection broke while the command ran). The time is read again below.',
    );
  });

  test('applied but not read back', () => {
    expect(formatChangeLine(config, change, ok({ kind: 'not-read-back', readFailure: connectTimeout }))).toBe(
      '✅ +15 min for Mia on desktop by Anna, but the new time could not be read (not reachable (timed out after 5 s))',
    );
  });

  test('HTML in the child name and the parent name is escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    expect(
      formatChangeLine(configOf(file), { childId: 'tom', machineId: 'desktop', minutes: 15, by: '<b>Dad</b> & co' }, readBack(900, false)),
    ).toBe('✅ +15 min for Tom &amp; &lt;Jerry&gt; on desktop by &lt;b&gt;Dad&lt;/b&gt; &amp; co: 15m left');
  });
});
