import { describe, expect, test } from 'vitest';
import { formatStatus } from '../../../../src/bot/render/status.ts';
import type { StatusSnapshot } from '../../../../src/household/status.ts';
import { err, ok } from '../../../../src/lib/result.ts';
import type { MachineFailure } from '../../../../src/timekpr/client.ts';
import { configOf, familyConfig, familyFile, userInfo } from '../../../support/bot-config.ts';
import { english } from '../../../support/words.ts';

const config = familyConfig();
const connectTimeout: MachineFailure = { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false };

/** Mia: logged in on desktop, laptop unreachable. Leo: logged out on desktop. */
const SNAPSHOT: StatusSnapshot = [
  { childId: 'mia', machineId: 'desktop', info: ok(userInfo('mia', { loggedIn: true, secondsLeft: 3900, secondsSpentToday: 2700 })) },
  { childId: 'mia', machineId: 'laptop', info: err(connectTimeout) },
  { childId: 'leo', machineId: 'desktop', info: ok(userInfo('leo', { loggedIn: false, secondsLeft: 659, secondsSpentToday: 0 })) },
];

describe('formatStatus', () => {
  test('every child in bold with each machine: time left, logged in or not, used today; a failure in plain words', () => {
    expect(formatStatus(english, config, SNAPSHOT)).toBe(
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
    expect(formatStatus(english, config, SNAPSHOT, ['<i>Updated 12:00</i>', 'second line'])).toBe(
      `${formatStatus(english, config, SNAPSHOT)}\n\n<i>Updated 12:00</i>\nsecond line`,
    );
    expect(formatStatus(english, config, SNAPSHOT, [])).toBe(formatStatus(english, config, SNAPSHOT));
  });

  test('HTML in a child name is escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    const snapshot: StatusSnapshot = [{ childId: 'tom', machineId: 'desktop', info: ok(userInfo('tom', { secondsLeft: 7200 })) }];
    expect(formatStatus(english, configOf(file), snapshot)).toBe(
      '<b>Tom &amp; &lt;Jerry&gt;</b>\ndesktop: <b>2h 00m</b> left · not logged in · 0m used today',
    );
  });

  test('HTML in a failure reason is escaped', () => {
    const snapshot: StatusSnapshot = [
      { childId: 'leo', machineId: 'desktop', info: err({ kind: 'unexpected-output', text: '<html>&nbsp;' }) },
    ];
    expect(formatStatus(english, config, snapshot)).toBe(
      '<b>Mia</b>\n\n<b>Leo</b>\ndesktop: ⚠️ unexpected answer from timekpra: "&lt;html&gt;&amp;nbsp;"',
    );
  });

  test('a host name not found says so and what to check, even with a last-seen (the client told it as off if it was)', () => {
    const snapshot: StatusSnapshot = [{ childId: 'mia', machineId: 'laptop', info: err({ kind: 'host-not-found', host: 'laptop.lan' }) }];
    const seen = { lastSeen: () => ({ at: 1000, loggedIn: [] }), now: 2000 };
    expect(formatStatus(english, config, snapshot, [], seen)).toBe('<b>Mia</b>\nlaptop: ⚠️ host name laptop.lan not found: check host in the config\n\n<b>Leo</b>');
  });

  test('one failing machine does not hide the others', () => {
    const snapshot: StatusSnapshot = [
      { childId: 'mia', machineId: 'desktop', info: err({ kind: 'daemon-not-running' }) },
      { childId: 'mia', machineId: 'laptop', info: ok(userInfo('mia2', { secondsLeft: 90, secondsSpentToday: 3599 })) },
      { childId: 'leo', machineId: 'desktop', info: err({ kind: 'daemon-not-running' }) },
    ];
    expect(formatStatus(english, config, snapshot)).toBe(
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
