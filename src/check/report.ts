import { assertNever, err, type Result } from '../lib/result.ts';
import type { NoAccount } from '../household/change-time.ts';
import type { ProfileStanding } from '../household/profile-rules.ts';
import { isEditProblem, type EditProblem } from '../household/rules-edit.ts';
import { changedText, differencesText } from '../i18n/rule-text.ts';
import type { MachineFailure } from '../timekpr/client.ts';
import { describeFailure } from '../timekpr/describe.ts';
import type { Words } from '../i18n/words.ts';
import { duration } from '../i18n/format.ts';
import { neverReached, offIfSeenBefore } from '../ssh/failure.ts';
import type { LastSeen } from '../storage/store.ts';
import type { MachineReport } from './probe.ts';

/** The steps of reaching Timekpr-nExT on a machine, one table column each, in order. */
const STEPS = ['reachable', 'host key', 'login', 'timekpra', 'permission'] as const;
type Step = (typeof STEPS)[number];

/** The step a failure stopped at, and the word shown there. Steps before it passed; steps after it were not tried. */
function failedStep(failure: MachineFailure): { step: Step; word: string } {
  switch (failure.kind) {
    case 'timeout':
      return failure.phase === 'connect' ? { step: 'reachable', word: 'NO (timeout)' } : { step: 'timekpra', word: 'NO ANSWER' };
    case 'unreachable':
      return { step: 'reachable', word: 'NO' };
    case 'host-not-found':
      return { step: 'reachable', word: 'NO (name not found)' };
    case 'host-key-unknown':
      return { step: 'host key', word: 'UNKNOWN' };
    case 'host-key-mismatch':
      return { step: 'host key', word: failure.revoked ? 'REVOKED' : 'CHANGED' };
    case 'auth':
      return { step: 'login', word: 'REFUSED' };
    case 'connection-lost':
    case 'ssh-error':
      return { step: 'login', word: 'ERROR' };
    case 'timekpra-not-found':
      return { step: 'timekpra', word: 'MISSING' };
    case 'daemon-not-running':
      return { step: 'timekpra', word: 'NOT RUNNING' };
    case 'helper-unavailable':
    case 'helper-outdated':
    case 'helper-failed':
    case 'unexpected-output':
    case 'rejected':
    case 'invalid-request':
    case 'busy':
    case 'unknown-user':
      return { step: 'timekpra', word: 'ERROR' };
    case 'access-denied':
      return { step: 'permission', word: 'DENIED' };
    default:
      return assertNever(failure);
  }
}

const PASSED: Record<Step, string> = { reachable: 'yes', 'host key': 'trusted', login: 'ok', timekpra: 'found', permission: 'ok' };

function stepWords(report: MachineReport): string[] {
  if (report.status.ok) return STEPS.map((step) => PASSED[step]);
  const failed = failedStep(report.status.error);
  const at = STEPS.indexOf(failed.step);
  return STEPS.map((step, index) => (index < at ? PASSED[step] : index === at ? failed.word : '-'));
}

/** Lays out rows as columns separated by two spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '));
}

/** One child's computer against the profile she follows, for the table of profiles. */
export interface ProfileRow {
  readonly childName: string;
  readonly machineId: string;
  readonly profileName: string;
  /** Undefined: the computer could not be read (see the tables above). */
  readonly standing: Result<ProfileStanding, EditProblem | MachineFailure | NoAccount> | undefined;
}

/**
 * The table of profiles: per child and computer, the profile followed and where the computer differs from it (changed
 * through the bot, or otherwise). Differences are not setup problems: they do not count as problems. Pure.
 */
export function formatProfileTable(words: Words, rows: readonly ProfileRow[]): string[] {
  if (rows.length === 0) return [];
  const cells = rows.map((row) => [row.childName, row.machineId, row.profileName, profileCell(words, row.standing)]);
  return table([['CHILD', 'MACHINE', 'PROFILE', 'DIFFERS FROM IT'], ...cells]);
}

function profileCell(words: Words, standing: ProfileRow['standing']): string {
  if (standing === undefined) return '- (not read, see above)';
  if (!standing.ok) {
    const problem = standing.error;
    return isEditProblem(problem)
      ? `does not fit there (${problem.kind})`
      : `- (not read: ${problem.kind})`;
  }
  const { unexplained, changed } = standing.value;
  const parts = [
    ...(unexplained.length > 0 ? [differencesText(words, unexplained)] : []),
    ...(changed.length > 0 ? [`changed through the bot: ${changedText(words, changed)}`] : []),
  ];
  return parts.length === 0 ? 'no' : parts.join('; ');
}

export interface CheckSummary {
  readonly lines: string[];
  readonly problems: number;
}

export interface CheckContext {
  /** The words of failures (check speaks English). */
  readonly words: Words;
  /** The command that onboards host keys, as the parent would type it. */
  readonly trustCommand: string;
  /** The version of the helper this bot ships: an installed one that is older must be updated. */
  readonly helperVersion: number;
  /** The public key line of the bot's key for a machine (undefined with password login). */
  readonly publicKeyOf?: (machineId: string) => string | undefined;
  /**
   * When the running bot last reached each machine (its database), for one that cannot be reached now; a host name
   * not found of a machine it reached before then reads as that machine being off.
   */
  readonly lastSeenOf?: (machineId: string) => LastSeen | undefined;
  /** The table of profiles ({@link formatProfileTable}), shown before the verdict. */
  readonly profileLines?: readonly string[];
}

/**
 * The report a parent reads after `check`: one table of machines, how the bot talks to each, one table of children's
 * accounts, a verdict. Pure.
 */
export function formatCheckReport(
  probed: readonly MachineReport[],
  { words, trustCommand, helperVersion, publicKeyOf = () => undefined, lastSeenOf = () => undefined, profileLines = [] }: CheckContext,
): CheckSummary {
  const lines: string[] = [];
  let problems = 0;
  // A host name not found of a computer the bot has reached before: that computer is off (a .local name vanishes
  // while it sleeps), as the bot says too. Of one never reached, it is a mistake in the config.
  const reports = probed.map((report) => (report.status.ok ? report : { ...report, status: err(offIfSeenBefore(report.status.error, lastSeenOf(report.machine.id) !== undefined)) }));

  lines.push(...table([['MACHINE', 'ADDRESS', ...STEPS.map((s) => s.toUpperCase())], ...reports.map((r) => [r.machine.id, address(r), ...stepWords(r)])]));
  for (const report of reports) {
    if (report.status.ok) continue;
    problems += 1;
    const { problem, fix } = describeFailure(words, report.status.error, { machine: report.machine, trustCommand });
    lines.push('', `${report.machine.id}: ${problem}`, `  fix: ${fix}`);
    const seen = neverReached(report.status.error) ? lastSeenOf(report.machine.id) : undefined;
    if (seen !== undefined) lines.push(`  last seen by the bot: ${seenWords(report, seen)}`);
  }

  const backends = backendLines(reports, helperVersion, publicKeyOf);
  problems += backends.problems;
  if (backends.lines.length > 0) lines.push('', ...backends.lines);

  const accountRows: string[][] = [['CHILD', 'MACHINE', 'LOGIN', 'TIME LEFT TODAY']];
  const accountNotes: string[] = [];
  for (const report of reports) {
    for (const account of report.accounts) {
      const row = [account.child.name, report.machine.id, account.login];
      if (account.info === undefined) {
        accountRows.push([...row, '- (machine not usable, see above)']);
      } else if (account.info.ok) {
        const info = account.info.value;
        const state = info.loggedIn ? 'logged in' : 'not logged in';
        accountRows.push([...row, `${duration(words, info.secondsLeft)} (${state}, ${duration(words, info.secondsSpentToday)} used today)`]);
      } else {
        problems += 1;
        const { problem, fix } = describeFailure(words, account.info.error, { machine: report.machine, trustCommand });
        const known = report.status.ok ? ` Known there: ${report.status.value.knownUsers.join(', ') || 'nobody yet'}.` : '';
        accountRows.push([...row, `PROBLEM: ${problem}`]);
        accountNotes.push('', `${account.child.name} on ${report.machine.id}: ${problem}`, `  fix: ${fix}${known}`);
      }
    }
  }
  if (accountRows.length > 1) lines.push('', ...table(accountRows), ...accountNotes);
  if (profileLines.length > 0) lines.push('', ...profileLines);

  lines.push('', problems === 0 ? 'Everything works.' : `${problems} problem${problems === 1 ? '' : 's'} found.`);
  return { lines, problems };
}

/**
 * The line a parent runs on a child's computer, in the bot's helper/ folder copied there: installs the helper and
 * restricts the bot's key to it (README: "A key that can do nothing else").
 */
function setupLine(user: string, publicKey: string | undefined): string {
  return `sudo sh setup-computer.sh --user ${user} --key '${publicKey ?? "<the bot's public key>"}'`;
}

/** One row per machine whose backend is known: which, why, whether the key is restricted; and what to do. */
function backendLines(
  reports: readonly MachineReport[],
  helperVersion: number,
  publicKeyOf: (machineId: string) => string | undefined,
): { lines: string[]; problems: number } {
  const rows: string[][] = [['MACHINE', 'TALKS THROUGH', 'KEY']];
  const notes: string[] = [];
  let problems = 0;
  for (const { machine, backend } of reports) {
    if (backend === undefined) continue;
    if (backend.kind === 'timekpra') {
      const why = backend.why === 'configured' ? 'timekpra (ssh.backend: timekpra)' : `timekpra (the helper cannot run there: ${backend.reason})`;
      rows.push([machine.id, why, 'may run any command']);
      if (backend.why === 'fallback') {
        notes.push('', `${machine.id}: the bot falls back to timekpra: slower, and low time is polled instead of pushed.`, `  fix: Check ssh.python (${machine.python}) and that python3-dbus is installed there (sudo apt install python3-dbus).`);
      }
      continue;
    }
    const { hello } = backend;
    const line = setupLine(machine.user, publicKeyOf(machine.id));
    const how = hello.installed ? `D-Bus helper v${hello.version} (installed)` : `D-Bus helper v${hello.version} (sent by the bot)`;
    rows.push([machine.id, how, hello.forced ? 'restricted to the helper' : 'may run any command']);
    if (hello.installed && hello.version < helperVersion) {
      problems += 1;
      notes.push('', `${machine.id}: the helper installed there is version ${hello.version}, this bot needs version ${helperVersion}.`, `  fix: Copy the bot's helper/ folder there again and run in it: ${line}`);
    } else if (!hello.forced) {
      notes.push('', `${machine.id}: tip: the bot's key can log in there with a shell. Restrict it to the helper, so it can do nothing else:`, `  copy the bot's helper/ folder there and run in it: ${line}`);
    }
  }
  return rows.length === 1 ? { lines: [], problems } : { lines: [...table(rows), ...notes], problems };
}

function address(report: MachineReport): string {
  const { host, port, user } = report.machine;
  return `${user}@${host}${port === 22 ? '' : `:${port}`}`;
}


/** `Tue 1 Dec 18:40 (Mia was logged in)`. */
function seenWords(report: MachineReport, seen: LastSeen): string {
  const at = new Date(seen.at);
  const when = `${at.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} ${at.toTimeString().slice(0, 5)}`;
  const names = seen.loggedIn.map((childId) => report.accounts.find((account) => account.child.id === childId)?.child.name ?? childId);
  return names.length === 0 ? when : `${when} (${names.join(' and ')} ${names.length === 1 ? 'was' : 'were'} logged in)`;
}
