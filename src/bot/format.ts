import type { Config } from '../config/types.ts';
import { formatDuration } from '../lib/duration.ts';
import type { MachineFailure, TimeChange } from '../timekpr/client.ts';
import { describeFailure } from '../timekpr/describe.ts';
import type { Result } from '../lib/result.ts';
import type { ChangeRecord } from '../storage/store.ts';
import type { StatusSnapshot } from './status.ts';

/** What parents run on the bot's computer to trust a new host key. */
const TRUST_COMMAND = 'npm run check -- --trust-new';

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `+15 min` / `−15 min`. */
export function formatMinutes(minutes: number): string {
  return `${minutes < 0 ? '−' : '+'}${Math.abs(minutes)} min`;
}

/** A machine failure in a few plain words, for a chat line. */
export function failureText(config: Config, machineId: string, failure: MachineFailure): string {
  const machine = config.machines.get(machineId);
  if (machine === undefined) return 'unknown computer';
  return describeFailure(failure, { machine, trustCommand: TRUST_COMMAND }).problem;
}

/** The status message: every child with each machine's time left, logged-in state and time used. HTML. Pure. */
export function formatStatus(config: Config, snapshot: StatusSnapshot, footer: readonly string[] = []): string {
  const lines: string[] = [];
  for (const child of config.children.values()) {
    if (lines.length > 0) lines.push('');
    lines.push(`<b>${escapeHtml(child.name)}</b>`);
    for (const account of snapshot.filter((each) => each.childId === child.id)) {
      const machine = escapeHtml(account.machineId);
      if (account.info.ok) {
        const info = account.info.value;
        const state = info.loggedIn ? 'logged in' : 'not logged in';
        lines.push(`${machine}: <b>${formatDuration(info.secondsLeft)}</b> left · ${state} · ${formatDuration(info.secondsSpentToday)} used today`);
      } else {
        lines.push(`${machine}: ⚠️ ${escapeHtml(failureText(config, account.machineId, account.info.error))}`);
      }
    }
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}

/**
 * One line saying who changed what and how it went: `+15 min for Mia on desktop by Anna`, plus a note when it
 * was capped, failed, or its outcome is unknown. HTML. Pure.
 */
export function formatChangeLine(
  config: Config,
  change: { readonly childId: string; readonly machineId: string; readonly minutes: number; readonly by: string },
  result: Result<TimeChange, MachineFailure>,
): string {
  const childName = config.children.get(change.childId)?.name ?? change.childId;
  const what = `${formatMinutes(change.minutes)} for ${escapeHtml(childName)} on ${escapeHtml(change.machineId)} by ${escapeHtml(change.by)}`;
  if (!result.ok) {
    const reason = escapeHtml(failureText(config, change.machineId, result.error));
    const sent = 'commandSent' in result.error && result.error.commandSent;
    return sent ? `❓ ${what}: unknown whether it was applied (${reason}). The time is read again below.` : `❌ ${what} failed: ${reason}`;
  }
  if (result.value.kind === 'not-read-back') {
    return `✅ ${what}, but the new time could not be read (${escapeHtml(failureText(config, change.machineId, result.value.readFailure))})`;
  }
  const left = formatDuration(result.value.info.secondsLeft);
  if (result.value.capped) {
    return `⚠️ ${what}: ${left} left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.`;
  }
  return `✅ ${what}: ${left} left`;
}

/** A change as recorded earlier, for an update Telegram delivered again: nothing was run a second time. HTML. Pure. */
export function formatRecordedChange(config: Config, record: ChangeRecord): string {
  const childName = config.children.get(record.childId)?.name ?? record.childId;
  const what = `${formatMinutes(record.minutes)} for ${escapeHtml(childName)} on ${escapeHtml(record.machineId)} by ${escapeHtml(record.parentName)}`;
  const left = record.secondsLeft === undefined ? '' : `: ${formatDuration(record.secondsLeft)} left then`;
  switch (record.status) {
    case 'applied':
    case 'capped':
      return `↩️ Already done, not repeated: ${what}${left}`;
    case 'failed':
      return `↩️ Already tried, not repeated: ${what} failed (${escapeHtml(record.detail ?? 'error')})`;
    case 'unknown':
    case 'pending':
      return `↩️ Not repeated: ${what}. Whether it was applied is unknown (the bot stopped or lost the connection while it ran). The time is read again below.`;
  }
}

export const HELP_TEXT = [
  '<b>timekpr-bot</b> shows and changes your children\'s screen time (Timekpr-nExT).',
  '',
  '/status: every child\'s time left on each computer, with buttons to add or take away time.',
  '/add mia 15: add 15 minutes for Mia on all her computers. /add mia -10 desktop: take 10 minutes away on desktop only.',
  '/add: the same, step by step with buttons.',
  '/cancel: stop a step-by-step /add.',
  '/history: today\'s changes and alerts, newest first. /history mia 3: Mia\'s, for the last 3 days.',
  '/help: this text.',
  '',
  'Times are what the computer reports after the change. Timekpr-nExT never gives time past midnight or past the allowed hours, so adding time late may change little.',
].join('\n');
