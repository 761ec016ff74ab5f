import { describe, expect, test } from 'vitest';
import { formatCheckReport } from '../../../src/check/report.ts';
import type { MachineReport } from '../../../src/check/probe.ts';
import type { ChildConfig, MachineConfig } from '../../../src/config/types.ts';
import { formatDuration } from '../../../src/lib/duration.ts';
import { err, ok } from '../../../src/lib/result.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import type { UserInfo } from '../../../src/timekpr/parse.ts';

const trustCommand = 'npm run check -- --config config.yaml --trust-new';

function machine(id: string, host: string, port = 22): MachineConfig {
  return {
    id,
    host,
    port,
    user: 'tk-remote',
    privateKeyFile: '/k/id',
    knownHostsFile: '/k/known_hosts',
    timekpra: '/usr/bin/timekpra',
    connectTimeoutMs: 5000,
    commandTimeoutMs: 15000,
  };
}

const mia: ChildConfig = { id: 'mia', name: 'Mia', accounts: new Map([['desk', 'mia']]), alerts: true };
const leo: ChildConfig = { id: 'leo', name: 'Leo', accounts: new Map([['desk', 'leo']]), alerts: true };

function info(login: string, secondsLeft: number, secondsSpentToday: number, loggedIn: boolean): UserInfo {
  return { login, loggedIn, secondsLeft, secondsSpentToday, spentBalanceSeconds: secondsSpentToday, todayLimitSeconds: 7200, allowedHoursToday: [] };
}

const okMachine: MachineReport = {
  machine: machine('desk', '192.168.1.20'),
  status: ok({ knownUsers: ['mia', 'leo'] }),
  accounts: [{ child: mia, login: 'mia', info: ok(info('mia', 3900, 1500, true)) }],
};

function failed(id: string, failure: MachineFailure): MachineReport {
  return { machine: machine(id, `${id}.lan`, 2222), status: err(failure), accounts: [{ child: leo, login: 'leo', info: undefined }] };
}

const timedOut = failed('attic', { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false });
const unknownKey = failed('laptop', { kind: 'host-key-unknown', keyBlob: Buffer.from('k'), fingerprint: 'SHA256:xyz', knownHostsFile: '/k/known_hosts' });
const denied = failed('den', { kind: 'access-denied' });
const unknownAccount: MachineReport = {
  machine: machine('kids', 'kids.lan'),
  status: ok({ knownUsers: ['mia'] }),
  accounts: [{ child: leo, login: 'leon', info: err({ kind: 'unknown-user', login: 'leon' }) }],
};

/** The cells of the table row that starts with `first`. Cells are separated by at least two spaces. */
function row(lines: readonly string[], first: string): string[] {
  const line = lines.find((candidate) => candidate.startsWith(`${first} `));
  if (line === undefined) throw new Error(`no row for ${first}`);
  return line.trimEnd().split(/ {2,}/);
}

describe('formatCheckReport', () => {
  test('all well: every step passes and the verdict says so', () => {
    const { lines, problems } = formatCheckReport([okMachine], trustCommand);
    expect(problems).toBe(0);
    expect(row(lines, 'MACHINE')).toEqual(['MACHINE', 'ADDRESS', 'REACHABLE', 'HOST KEY', 'LOGIN', 'TIMEKPRA', 'PERMISSION']);
    expect(row(lines, 'desk')).toEqual(['desk', 'tk-remote@192.168.1.20', 'yes', 'trusted', 'ok', 'found', 'ok']);
    expect(row(lines, 'Mia')).toEqual(['Mia', 'desk', 'mia', '1h 05m (logged in, 25m used today)']);
    expect(lines.at(-1)).toBe('Everything works.');
  });

  test('each failing machine shows where it stopped, counts one problem and gets a fix', () => {
    const reports = [okMachine, timedOut, unknownKey, denied, unknownAccount];
    const { lines, problems } = formatCheckReport(reports, trustCommand);
    expect(row(lines, 'attic')).toEqual(['attic', 'tk-remote@attic.lan:2222', 'NO (timeout)', '-', '-', '-', '-']);
    expect(row(lines, 'laptop')).toEqual(['laptop', 'tk-remote@laptop.lan:2222', 'yes', 'UNKNOWN', '-', '-', '-']);
    expect(row(lines, 'den')).toEqual(['den', 'tk-remote@den.lan:2222', 'yes', 'trusted', 'ok', 'found', 'DENIED']);
    expect(row(lines, 'kids')).toEqual(['kids', 'tk-remote@kids.lan', 'yes', 'trusted', 'ok', 'found', 'ok']);

    const text = lines.join('\n');
    expect(text).toContain(`laptop: its host key is not trusted yet (SHA256:xyz)\n  fix: If that is your computer's key, run: ${trustCommand}`);
    expect(text).toMatch(/den: .*\n {2}fix: .*usermod -aG timekpr tk-remote/);
    expect(text).toMatch(/attic: not reachable \(timed out after 5 s\)\n {2}fix: /);

    // Accounts on unusable machines are not read; an unknown login is a problem of its own, with the known logins.
    expect(lines.filter((line) => line.startsWith('Leo ') && line.includes('- (machine not usable, see above)'))).toHaveLength(3);
    expect(row(lines.filter((line) => line.includes('leon')), 'Leo')[3]).toMatch(/^PROBLEM: /);
    expect(text).toMatch(/Leo on kids: .*"leon".*\n {2}fix: .*Known there: mia\./);

    expect(problems).toBe(4);
    expect(lines.at(-1)).toBe('4 problems found.');
  });

  test('one problem is singular; a command timeout stops at timekpra', () => {
    const { lines, problems } = formatCheckReport([failed('pc', { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true })], trustCommand);
    expect(problems).toBe(1);
    expect(row(lines, 'pc').slice(2)).toEqual(['yes', 'trusted', 'ok', 'NO ANSWER', '-']);
    expect(lines.at(-1)).toBe('1 problem found.');
  });

  test('time left is shown the way formatDuration writes it', () => {
    const report: MachineReport = { ...okMachine, accounts: [{ child: mia, login: 'mia', info: ok(info('mia', 45 * 60 + 59, 0, false)) }] };
    const { lines } = formatCheckReport([report], trustCommand);
    expect(row(lines, 'Mia')[3]).toBe(`${formatDuration(45 * 60 + 59)} (not logged in, 0m used today)`);
    expect(row(lines, 'Mia')[3]).toMatch(/^45m /);
  });

  test('no machines without accounts: no children table', () => {
    const { lines } = formatCheckReport([{ ...okMachine, accounts: [] }], trustCommand);
    expect(lines.some((line) => line.startsWith('CHILD'))).toBe(false);
    expect(lines.at(-1)).toBe('Everything works.');
  });
});
