import { describe, expect, test } from 'vitest';
import { formatCheckReport, formatProfileTable } from '../../../src/check/report.ts';
import type { MachineReport } from '../../../src/check/probe.ts';
import type { ChildConfig, MachineConfig } from '../../../src/config/types.ts';
import { duration } from '../../../src/i18n/format.ts';
import { err, ok } from '../../../src/lib/result.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import type { UserInfo } from '../../../src/timekpr/parse.ts';
import { english } from '../../support/words.ts';

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
  backend: 'auto',
  python: '/usr/bin/python3',
    connectTimeoutMs: 5000,
    commandTimeoutMs: 15000,
  };
}

const mia: ChildConfig = { id: 'mia', name: 'Mia', accounts: new Map([['desk', 'mia']]), alerts: true, telegramIds: [], warn: false, profile: undefined };
const leo: ChildConfig = { id: 'leo', name: 'Leo', accounts: new Map([['desk', 'leo']]), alerts: true, telegramIds: [], warn: false, profile: undefined };

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
    const { lines, problems } = formatCheckReport([okMachine], { words: english, trustCommand, helperVersion: 1 });
    expect(problems).toBe(0);
    expect(row(lines, 'MACHINE')).toEqual(['MACHINE', 'ADDRESS', 'REACHABLE', 'HOST KEY', 'LOGIN', 'TIMEKPRA', 'PERMISSION']);
    expect(row(lines, 'desk')).toEqual(['desk', 'tk-remote@192.168.1.20', 'yes', 'trusted', 'ok', 'found', 'ok']);
    expect(row(lines, 'Mia')).toEqual(['Mia', 'desk', 'mia', '1h 05m (logged in, 25m used today)']);
    expect(lines.at(-1)).toBe('Everything works.');
  });

  test('each failing machine shows where it stopped, counts one problem and gets a fix', () => {
    const reports = [okMachine, timedOut, unknownKey, denied, unknownAccount];
    const { lines, problems } = formatCheckReport(reports, { words: english, trustCommand, helperVersion: 1 });
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
    const { lines, problems } = formatCheckReport([failed('pc', { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true })], { words: english, trustCommand, helperVersion: 1 });
    expect(problems).toBe(1);
    expect(row(lines, 'pc').slice(2)).toEqual(['yes', 'trusted', 'ok', 'NO ANSWER', '-']);
    expect(lines.at(-1)).toBe('1 problem found.');
  });

  test('time left is shown the way durations are written', () => {
    const report: MachineReport = { ...okMachine, accounts: [{ child: mia, login: 'mia', info: ok(info('mia', 45 * 60 + 59, 0, false)) }] };
    const { lines } = formatCheckReport([report], { words: english, trustCommand, helperVersion: 1 });
    expect(row(lines, 'Mia')[3]).toBe(`${duration(english, 45 * 60 + 59)} (not logged in, 0m used today)`);
    expect(row(lines, 'Mia')[3]).toMatch(/^45m /);
  });

  test('no machines without accounts: no children table', () => {
    const { lines } = formatCheckReport([{ ...okMachine, accounts: [] }], { words: english, trustCommand, helperVersion: 1 });
    expect(lines.some((line) => line.startsWith('CHILD'))).toBe(false);
    expect(lines.at(-1)).toBe('Everything works.');
  });
});

describe('formatCheckReport: how the bot talks to each computer', () => {
  const hello = { version: 2, installed: false, forced: false, daemonRunning: true, inTimekprGroup: true };
  const context = { words: english, trustCommand, helperVersion: 2, publicKeyOf: () => 'ssh-ed25519 AAAAkey timekpr-bot' };
  const on = (id: string, backend: MachineReport['backend']): MachineReport => ({ ...okMachine, machine: machine(id, `${id}.lan`), backend });
  /** The row of `id` in the TALKS THROUGH table. */
  const backendRow = (lines: readonly string[], id: string) => row(lines.slice(lines.findIndex((line) => line.includes('TALKS THROUGH'))), id);

  test('the helper sent by the bot, with a key that can still open a shell: a tip with the one line to run, not a problem', () => {
    const { lines, problems } = formatCheckReport([on('desk', { kind: 'dbus', hello })], context);
    expect(problems).toBe(0);
    expect(backendRow(lines, 'desk')).toEqual(['desk', 'D-Bus helper v2 (sent by the bot)', 'may run any command']);
    expect(lines.join('\n')).toContain("desk: tip: the bot's key can log in there with a shell. Restrict it to the helper, so it can do nothing else:\n  copy the bot's helper/ folder there and run in it: sudo sh setup-computer.sh --user tk-remote --key 'ssh-ed25519 AAAAkey timekpr-bot'");
  });

  test('a restricted key through the installed helper: no tip', () => {
    const { lines, problems } = formatCheckReport([on('desk', { kind: 'dbus', hello: { ...hello, installed: true, forced: true } })], context);
    expect(problems).toBe(0);
    expect(backendRow(lines, 'desk')).toEqual(['desk', 'D-Bus helper v2 (installed)', 'restricted to the helper']);
    expect(lines.join('\n')).not.toContain('tip:');
  });

  test('an installed helper older than the bot’s is a problem, with the fix', () => {
    const { lines, problems } = formatCheckReport([on('desk', { kind: 'dbus', hello: { ...hello, version: 1, installed: true, forced: true } })], context);
    expect(problems).toBe(1);
    expect(lines.join('\n')).toContain('desk: the helper installed there is version 1, this bot needs version 2.\n  fix: Copy the bot\'s helper/ folder there again and run in it: sudo sh setup-computer.sh');
    expect(lines.at(-1)).toBe('1 problem found.');
  });

  test('a fallback to timekpra says why and what to install', () => {
    const { lines, problems } = formatCheckReport([on('desk', { kind: 'timekpra', why: 'fallback', reason: 'No module named dbus' })], context);
    expect(problems).toBe(0);
    expect(backendRow(lines, 'desk')).toEqual(['desk', 'timekpra (the helper cannot run there: No module named dbus)', 'may run any command']);
    expect(lines.join('\n')).toContain('fix: Check ssh.python (/usr/bin/python3) and that python3-dbus is installed there');
  });

  test('no backend known (the machine failed first): no such section', () => {
    const { lines } = formatCheckReport([okMachine], context);
    expect(lines.join('\n')).not.toContain('TALKS THROUGH');
  });
});

describe('formatCheckReport: last seen by the bot', () => {
  test('a machine that cannot be reached says when the running bot last reached it, and who was logged in', () => {
    const at = new Date(2026, 11, 1, 18, 40).getTime();
    const seen = { at, loggedIn: ['leo'] };
    const { lines } = formatCheckReport([timedOut, denied], { words: english, trustCommand, helperVersion: 1, lastSeenOf: () => seen });
    const text = lines.join('\n');
    expect(text).toMatch(/attic: not reachable \(timed out after 5 s\)\n {2}fix: .*\n {2}last seen by the bot: Tue,? 1 Dec 18:40 \(Leo was logged in\)/);
    // A machine that answered (wrongly) is not "off": no last seen.
    expect(text.match(/last seen by the bot/g)).toHaveLength(1);
  });
});

describe('formatCheckReport: a host name not found', () => {
  const notFound = failed('desktop', { kind: 'host-not-found', host: 'desktop.lan' });

  test('never reached by the bot: the name is not found, check host in the config; a problem', () => {
    const { lines, problems } = formatCheckReport([okMachine, notFound], { words: english, trustCommand, helperVersion: 1 });
    expect(row(lines, 'desktop')).toEqual(['desktop', 'tk-remote@desktop.lan:2222', 'NO (name not found)', '-', '-', '-', '-']);
    const text = lines.join('\n');
    expect(text).toContain('desktop: host name desktop.lan not found: check host in the config\n  fix: ');
    expect(text).toContain('machines.desktop.host');
    expect(text).not.toContain('last seen by the bot');
    expect(problems).toBe(1);
  });

  test('reached before (the bot has a last-seen): the computer is off, with when it was last seen', () => {
    const seen = { at: new Date(2026, 11, 1, 18, 40).getTime(), loggedIn: [] };
    const { lines, problems } = formatCheckReport([notFound], { words: english, trustCommand, helperVersion: 1, lastSeenOf: (id) => (id === 'desktop' ? seen : undefined) });
    expect(row(lines, 'desktop')).toEqual(['desktop', 'tk-remote@desktop.lan:2222', 'NO', '-', '-', '-', '-']);
    const text = lines.join('\n');
    expect(text).toMatch(/desktop: not reachable \(host name desktop\.lan not found\)\n {2}fix: Is the computer switched on.*\n {2}last seen by the bot: Tue,? 1 Dec 18:40/);
    expect(text).not.toContain('check host in the config');
    expect(problems).toBe(1);
  });
});

describe('formatProfileTable', () => {
  const sat = { kind: 'day', day: 6, actual: 10_800, profile: 7200 } as const;
  const week = { kind: 'week-limit', actual: 36_000, profile: undefined } as const;

  test('per child and computer: the profile, and where the computer differs from it, as /rules says it', () => {
    const lines = formatProfileTable(english, [
      { childName: 'Mia', machineId: 'desktop', profileName: 'School', standing: ok({ unexplained: [sat], changed: [] }) },
      { childName: 'Mia', machineId: 'laptop', profileName: 'School', standing: ok({ unexplained: [], changed: [week] }) },
      { childName: 'Leo', machineId: 'desktop', profileName: 'Holidays', standing: ok({ unexplained: [], changed: [] }) },
      { childName: 'Leo', machineId: 'pc', profileName: 'Holidays', standing: undefined },
      { childName: 'Ben', machineId: 'pc', profileName: 'School', standing: err({ kind: 'days-not-allowed', days: [6] }) },
    ]);
    expect(lines).toEqual([
      'CHILD  MACHINE  PROFILE   DIFFERS FROM IT',
      'Mia    desktop  School    Sat 3h 00m (profile: 2h 00m)',
      'Mia    laptop   School    changed through the bot: week 10h 00m',
      'Leo    desktop  Holidays  no',
      'Leo    pc       Holidays  - (not read, see above)',
      'Ben    pc       School    does not fit there (days-not-allowed)',
    ]);
  });

  test('no child follows a profile: no table', () => {
    expect(formatProfileTable(english, [])).toEqual([]);
  });

  test('the table comes before the verdict, and differences are no problems', () => {
    const summary = formatCheckReport([], { words: english, trustCommand: 'x', helperVersion: 2, profileLines: ['CHILD  MACHINE  PROFILE  DIFFERS FROM IT'] });
    expect(summary.lines.slice(-3)).toEqual(['CHILD  MACHINE  PROFILE  DIFFERS FROM IT', '', 'Everything works.']);
    expect(summary.problems).toBe(0);
  });
});
