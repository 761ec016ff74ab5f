import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { AskRecord } from '../../storage/asks.ts';
import type { AskVerdict, AskWordsProblem } from '../asks.ts';
import { MAX_ASK_MINUTES, MAX_REASON_LENGTH } from '../asks.ts';
import { ALL_MACHINES, ASK_AMOUNTS, encodeButtonAction, type ButtonAction } from '../callback-data.ts';
import type { StatusSnapshot } from '../status.ts';
import { failureKindText, failureText } from './failure.ts';
import { childNameHtml, escapeHtml } from './html.ts';

/** Every word about children's requests: the request parents see, its outcome, and what the child is told. */

const button = (text: string, action: ButtonAction): InlineKeyboardButton => ({ text, callback_data: encodeButtonAction(action) });

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 5);

const machineWords = (machine: string): string => (machine === ALL_MACHINES ? 'all computers' : machine);

/** `🙋 Mia asks for 30 min (homework)`. HTML. */
function askHeadline(config: Config, ask: AskRecord): string {
  const reason = ask.reason === undefined ? '' : ` (${escapeHtml(ask.reason)})`;
  return `🙋 ${childNameHtml(config, ask.childId)} asks for ${ask.minutes} min${reason}`;
}

/** One line per computer of the child: time left and whether they are logged in there. HTML. */
function situation(config: Config, snapshot: StatusSnapshot): string[] {
  return snapshot.map((account) => {
    const machine = escapeHtml(account.machineId);
    if (!account.info.ok) return `${machine}: ⚠️ ${escapeHtml(failureText(config, account.machineId, account.info.error))}`;
    const info = account.info.value;
    return `${machine}: ${formatDuration(info.secondsLeft)} left, ${info.loggedIn ? 'logged in' : 'not logged in'}`;
  });
}

/**
 * The request as parents see it: `🙋 Mia asks for 30 min (homework) · 20m left on desktop, logged in` when it
 * concerns one computer, otherwise every computer's state and a note that the parent picks. HTML.
 */
export function formatAskRequest(config: Config, ask: AskRecord, snapshot: StatusSnapshot): string {
  const headline = askHeadline(config, ask);
  const on = ask.machineId === undefined ? undefined : snapshot.find((account) => account.machineId === ask.machineId);
  if (on !== undefined && on.info.ok) return `${headline} · ${formatDuration(on.info.value.secondsLeft)} left on ${escapeHtml(on.machineId)}, logged in`;
  const loggedIn = snapshot.filter((account) => account.info.ok && account.info.value.loggedIn).length;
  const note = loggedIn === 0 ? 'Not logged in anywhere: pick the computer.' : 'Logged in on several computers: pick one.';
  return [headline, ...situation(config, snapshot), note].join('\n');
}

/** Buttons under a request: the amounts (per computer when it names none, with "all"), and No. Pure. */
export function askKeyboard(child: ChildConfig, ask: AskRecord): InlineKeyboardMarkup {
  const amounts = (machine: string, label: string) =>
    ASK_AMOUNTS.map((minutes) => button(`${label}+${minutes}`, { kind: 'ask-give', askId: ask.id, machine, minutes }));
  const no = button('No', { kind: 'ask-deny', askId: ask.id });
  if (ask.machineId !== undefined) return { inline_keyboard: [[...amounts(ask.machineId, ''), no]] };
  const machines = [...child.accounts.keys()];
  const rows = machines.map((machineId) => amounts(machineId, `${machineId} `));
  if (machines.length > 1) rows.push(amounts(ALL_MACHINES, 'all '));
  return { inline_keyboard: [...rows, [no]] };
}

/** The request once it is over: its headline and what happened. HTML. */
export function formatAskOutcome(config: Config, ask: AskRecord): string {
  return `${askHeadline(config, ask)}\n${askOutcomeLine(config, ask)}`;
}

function askOutcomeLine(config: Config, ask: AskRecord): string {
  const child = childNameHtml(config, ask.childId);
  const { state } = ask;
  switch (state.kind) {
    case 'open':
      return '⏳ waiting for an answer';
    case 'expired':
      return '⌛ Nobody answered in time.';
    case 'denied':
      return `❌ ${escapeHtml(state.byName)} said no.`;
    case 'given': {
      const head = `${escapeHtml(state.byName)} gave ${child} ${state.minutes} min on ${escapeHtml(machineWords(state.machine))}`;
      if (state.failure !== undefined) return `❓ ${head}, but it is not sure it worked (${escapeHtml(failureKindText(state.failure))}).`;
      if (state.secondsLeft !== undefined) return `✅ ${head}: ${formatDuration(state.secondsLeft)} left`;
      return `✅ ${head}.`;
    }
  }
}

/** A request open again after a give that surely did not run: its headline, and why. HTML. */
export function formatAskRetry(config: Config, ask: AskRecord, parentName: string, why: string): string {
  return `${askHeadline(config, ask)}\n⚠️ ${escapeHtml(parentName)} tried to give time, but ${escapeHtml(why)}. Try again, or answer No.`;
}

/** A toast for a parent's tap on a request that is over. */
export function askClosedToast(ask: AskRecord): string {
  const { state } = ask;
  switch (state.kind) {
    case 'given':
    case 'denied':
      return `${state.byName} already answered.`;
    case 'expired':
      return 'This request has expired.';
    case 'open':
      return 'This request has expired.';
  }
}

export const ASK_GIVING_TOAST = 'Giving time…';
export const ASK_TAP_HANDLED_TOAST = 'Already handled: the request shows what came of it.';
export const ASK_DENIED_TOAST = 'The child will be told.';
export const ASK_NOT_OFFERED_TOAST = 'That is not one of the amounts offered.';
export const ASK_UNKNOWN_TOAST = 'This request is not known (any more).';

/** What the child is told about their request's end, in the chat where they asked. Plain text. */
export function childToldText(config: Config, ask: AskRecord): string {
  const { state } = ask;
  switch (state.kind) {
    case 'open':
      return '';
    case 'expired':
      return `⌛ Nobody answered your request for ${ask.minutes} min. You can ask again.`;
    case 'denied':
      return config.asks.cooldownMs > 0
        ? `❌ ${state.byName} said no. You can ask again at ${clock(state.at + config.asks.cooldownMs)}.`
        : `❌ ${state.byName} said no.`;
    case 'given': {
      const where = machineWords(state.machine);
      if (state.failure !== undefined) return `❓ ${state.byName} gave you ${state.minutes} min on ${where}, but the computer did not confirm it. Check /time.`;
      if (state.secondsLeft !== undefined) return `✅ ${state.byName} gave you ${state.minutes} min on ${where}: ${formatDuration(state.secondsLeft)} left.`;
      return `✅ ${state.byName} gave you ${state.minutes} min on ${where}.`;
    }
  }
}

/** The child's /time: only their own computers. HTML. */
export function formatChildTime(config: Config, snapshot: StatusSnapshot): string {
  const lines = snapshot.map((account) => {
    const machine = escapeHtml(account.machineId);
    if (!account.info.ok) return `${machine}: ⚠️ ${escapeHtml(failureText(config, account.machineId, account.info.error))}`;
    const info = account.info.value;
    return `${machine}: <b>${formatDuration(info.secondsLeft)}</b> left · ${info.loggedIn ? 'logged in' : 'not logged in'} · ${formatDuration(info.secondsSpentToday)} used today`;
  });
  return ['<b>Your time today</b>', ...lines].join('\n');
}

/** Buttons for a child to ask: 15, 30, 60 minutes. Pure. */
export function childAskKeyboard(): InlineKeyboardMarkup {
  return { inline_keyboard: [ASK_AMOUNTS.map((minutes) => button(`${minutes} min`, { kind: 'child-ask', minutes }))] };
}

export const CHILD_ASK_PROMPT = 'How much more time do you want to ask your parents for?';
export const CHILD_ONLY_PARENTS = 'Only your parents can do that. You can use /time to see your time and /ask to ask for more.';
export const CHILD_ONLY_PARENTS_TOAST = 'Only your parents can do that.';
export const ASK_NOT_DELIVERED = 'I could not reach your parents just now. Please try again in a moment.';
export const CHILD_SLOW_DOWN = 'Slow down a little: I will listen again in a minute.';

/** The child's answer right after /ask. Plain text. */
export function askSentText(ask: AskRecord): string {
  return `🙋 I asked your parents for ${ask.minutes} min. I will tell you their answer here.`;
}

/** Why the child may not ask now. Plain text. */
export function askRefusedText(verdict: Exclude<AskVerdict, { kind: 'ok' }>): string {
  switch (verdict.kind) {
    case 'disabled':
      return 'Asking for more time is turned off.';
    case 'already-open':
      return `You already asked for ${verdict.ask.minutes} min at ${clock(verdict.ask.at)}: wait for the answer.`;
    case 'cooldown':
      return `Your parents just said no. You can ask again at ${clock(verdict.until)}.`;
  }
}

export function askWordsProblemText(problem: AskWordsProblem): string {
  switch (problem) {
    case 'no-minutes':
      return 'Say how many minutes first, like: /ask 30 homework';
    case 'bad-minutes':
      return `You can ask for 1 to ${MAX_ASK_MINUTES} minutes at once.`;
    case 'reason-too-long':
      return `Keep the reason short: at most ${MAX_REASON_LENGTH} characters.`;
  }
}

/** The private warning to a child with `warn: true`. Plain text. */
export function childWarningText(minutesLeft: number, machineId: string, up: boolean): string {
  return up ? `⌛ Your time on ${machineId} is up.` : `⏳ You have ${minutesLeft} min left on ${machineId}.`;
}

/** A request in /history. HTML. */
export function askHistoryLine(config: Config, ask: AskRecord): string {
  const reason = ask.reason === undefined ? '' : ` (${escapeHtml(ask.reason)})`;
  return `🙋 ${childNameHtml(config, ask.childId)} asked for ${ask.minutes} min${reason}: ${askOutcomeLine(config, ask)}`;
}
