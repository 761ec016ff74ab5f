import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import { duration, timeOfDay } from '../../i18n/format.ts';
import type { Words } from '../../i18n/words.ts';
import type { AskRecord } from '../../storage/asks.ts';
import type { AskVerdict, AskWordsProblem } from '../../household/asks.ts';
import { MAX_ASK_MINUTES, MAX_REASON_LENGTH } from '../../household/asks.ts';
import { ASK_AMOUNTS } from '../../household/asks.ts';
import { ALL_MACHINES, encodeButtonAction, type ButtonAction } from '../callback-data.ts';
import type { ChangeFailure } from '../../household/change-time.ts';
import type { StatusSnapshot } from '../../household/status.ts';
import { failureKindText, failureText } from './failure.ts';
import { childNameHtml, escapeHtml } from './html.ts';

/**
 * Every word about children's requests: the request parents see, its outcome, and what the child is told. Who reads
 * it decides the words: the parents' copies and their outcome are in the groups' language, the child's answers in the
 * child's.
 */

const button = (text: string, action: ButtonAction): InlineKeyboardButton => ({ text, callback_data: encodeButtonAction(action) });

const clock = (at: number): string => timeOfDay(new Date(at));

/** `on desktop` / `on all computers`; `machine` is HTML-escaped by the caller when the text is HTML. */
const onMachine = (words: Words, machine: string, shown: string = machine): string =>
  machine === ALL_MACHINES ? words.t('ask-on-all') : words.t('ask-on-machine', { machine: shown });

/** `🙋 Mia asks for 30 min (homework)`. HTML. */
function askHeadline(words: Words, config: Config, ask: AskRecord): string {
  const child = childNameHtml(config, ask.childId);
  return ask.reason === undefined
    ? words.t('ask-headline', { child, minutes: ask.minutes })
    : words.t('ask-headline-reason', { child, minutes: ask.minutes, reason: escapeHtml(ask.reason) });
}

/** One line per computer of the child: time left and whether they are logged in there. HTML. */
function situation(words: Words, config: Config, snapshot: StatusSnapshot): string[] {
  return snapshot.map((account) => {
    const machine = escapeHtml(account.machineId);
    if (!account.info.ok) return words.t('ask-machine-problem', { machine, problem: escapeHtml(failureText(words, config, account.machineId, account.info.error)) });
    const info = account.info.value;
    return words.t('ask-machine-state', { machine, left: duration(words, info.secondsLeft), login: info.loggedIn ? 'in' : 'out' });
  });
}

/**
 * The request as parents see it: `🙋 Mia asks for 30 min (homework) · 20m left on desktop, logged in` when it
 * concerns one computer, otherwise every computer's state and a note that the parent picks. HTML.
 */
export function formatAskRequest(words: Words, config: Config, ask: AskRecord, snapshot: StatusSnapshot): string {
  const headline = askHeadline(words, config, ask);
  const on = ask.machineId === undefined ? undefined : snapshot.find((account) => account.machineId === ask.machineId);
  if (on !== undefined && on.info.ok) return words.t('ask-request-on', { headline, left: duration(words, on.info.value.secondsLeft), machine: escapeHtml(on.machineId) });
  const loggedIn = snapshot.filter((account) => account.info.ok && account.info.value.loggedIn).length;
  const note = loggedIn === 0 ? words.t('ask-pick-not-logged-in') : words.t('ask-pick-several');
  return [headline, ...situation(words, config, snapshot), note].join('\n');
}

/** Buttons under a request: the amounts (per computer when it names none, with "all"), and No. Pure. */
export function askKeyboard(words: Words, child: ChildConfig, ask: AskRecord): InlineKeyboardMarkup {
  const amounts = (machine: string, label: (minutes: number) => string) =>
    ASK_AMOUNTS.map((minutes) => button(label(minutes), { kind: 'ask-give', askId: ask.id, machine, minutes }));
  const no = button(words.t('ask-button-no'), { kind: 'ask-deny', askId: ask.id });
  if (ask.machineId !== undefined) return { inline_keyboard: [[...amounts(ask.machineId, (minutes) => `+${minutes}`), no]] };
  const machines = [...child.accounts.keys()];
  const rows = machines.map((machineId) => amounts(machineId, (minutes) => `${machineId} +${minutes}`));
  if (machines.length > 1) rows.push(amounts(ALL_MACHINES, (minutes) => words.t('ask-button-all', { minutes })));
  return { inline_keyboard: [...rows, [no]] };
}

/** The request once it is over: its headline and what happened. HTML. */
export function formatAskOutcome(words: Words, config: Config, ask: AskRecord): string {
  return `${askHeadline(words, config, ask)}\n${askOutcomeLine(words, config, ask)}`;
}

function askOutcomeLine(words: Words, config: Config, ask: AskRecord): string {
  const child = childNameHtml(config, ask.childId);
  const { state } = ask;
  switch (state.kind) {
    case 'open':
      return words.t('ask-waiting');
    case 'expired':
      return words.t('ask-expired');
    case 'denied':
      return words.t('ask-denied', { parent: escapeHtml(state.byName) });
    case 'given': {
      const given = { parent: escapeHtml(state.byName), child, minutes: state.minutes, where: onMachine(words, state.machine, escapeHtml(state.machine)) };
      if (state.failure !== undefined) return words.t('ask-given-unsure', { ...given, problem: escapeHtml(failureKindText(words, state.failure)) });
      if (state.secondsLeft !== undefined) return words.t('ask-given-left', { ...given, left: duration(words, state.secondsLeft) });
      return words.t('ask-given', given);
    }
  }
}

/** Why a give surely did not run: the failure on the first computer tried, when there is one. */
export interface AskRetryCause {
  readonly machineId: string;
  readonly failure: ChangeFailure;
}

/** A request open again after a give that surely did not run: its headline, and why. HTML. */
export function formatAskRetry(words: Words, config: Config, ask: AskRecord, parentName: string, cause: AskRetryCause | undefined): string {
  const parent = escapeHtml(parentName);
  const line =
    cause === undefined
      ? words.t('ask-retry-did-not-work', { parent })
      : words.t('ask-retry', { parent, problem: escapeHtml(failureText(words, config, cause.machineId, cause.failure)) });
  return `${askHeadline(words, config, ask)}\n${line}`;
}

/** A toast for a parent's tap on a request that is over. */
export function askClosedToast(words: Words, ask: AskRecord): string {
  const { state } = ask;
  switch (state.kind) {
    case 'given':
    case 'denied':
      return words.t('ask-already-answered', { parent: state.byName });
    case 'expired':
    case 'open':
      return words.t('ask-expired-toast');
  }
}

/** The toasts under a request's buttons, for the parent who tapped. */
export function askToasts(words: Words) {
  return {
    giving: words.t('ask-giving'),
    tapHandled: words.t('ask-tap-handled'),
    denied: words.t('ask-denied-toast'),
    notOffered: words.t('ask-not-offered'),
    unknown: words.t('ask-unknown'),
  } as const;
}

/** What the child is told about their request's end, in the chat where they asked. Plain text. */
export function childToldText(words: Words, config: Config, ask: AskRecord): string {
  const { state } = ask;
  switch (state.kind) {
    case 'open':
      return '';
    case 'expired':
      return words.t('ask-told-expired', { minutes: ask.minutes });
    case 'denied':
      return config.asks.cooldownMs > 0
        ? words.t('ask-told-denied-until', { parent: state.byName, time: clock(state.at + config.asks.cooldownMs) })
        : words.t('ask-told-denied', { parent: state.byName });
    case 'given': {
      const given = { parent: state.byName, minutes: state.minutes, where: onMachine(words, state.machine) };
      if (state.failure !== undefined) return words.t('ask-told-unsure', given);
      if (state.secondsLeft !== undefined) return words.t('ask-told-given-left', { ...given, left: duration(words, state.secondsLeft) });
      return words.t('ask-told-given', given);
    }
  }
}

/** The child's /time: only their own computers. HTML. */
export function formatChildTime(words: Words, config: Config, snapshot: StatusSnapshot): string {
  const lines = snapshot.map((account) => {
    const machine = escapeHtml(account.machineId);
    if (!account.info.ok) return words.t('child-time-problem', { machine, problem: escapeHtml(failureText(words, config, account.machineId, account.info.error)) });
    const info = account.info.value;
    return words.t('child-time-line', { machine, left: duration(words, info.secondsLeft), login: info.loggedIn ? 'in' : 'out', used: duration(words, info.secondsSpentToday) });
  });
  return [words.t('child-time-title'), ...lines].join('\n');
}

/** Buttons for a child to ask: 15, 30, 60 minutes. Pure. */
export function childAskKeyboard(words: Words): InlineKeyboardMarkup {
  return { inline_keyboard: [ASK_AMOUNTS.map((minutes) => button(words.t('child-ask-button', { minutes }), { kind: 'child-ask', minutes }))] };
}

/** The short answers a child gets. Plain text. */
export function childTexts(words: Words) {
  return {
    askPrompt: words.t('child-ask-prompt'),
    onlyParents: words.t('child-only-parents'),
    onlyParentsToast: words.t('child-only-parents-toast'),
    notDelivered: words.t('ask-not-delivered'),
    slowDown: words.t('child-slow-down'),
  } as const;
}

/** The child's answer right after /ask. Plain text. */
export function askSentText(words: Words, ask: AskRecord): string {
  return words.t('ask-sent', { minutes: ask.minutes });
}

/** Why the child may not ask now. Plain text. */
export function askRefusedText(words: Words, verdict: Exclude<AskVerdict, { kind: 'ok' }>): string {
  switch (verdict.kind) {
    case 'disabled':
      return words.t('ask-disabled');
    case 'already-open':
      return words.t('ask-already-open', { minutes: verdict.ask.minutes, time: clock(verdict.ask.at) });
    case 'cooldown':
      return words.t('ask-cooldown', { time: clock(verdict.until) });
  }
}

/** Why `/ask …` was not understood. Plain text. */
export function askWordsProblemText(words: Words, problem: AskWordsProblem): string {
  switch (problem.kind) {
    case 'no-minutes':
      return words.t('ask-no-minutes');
    case 'bad-minutes':
      return words.t('ask-bad-minutes', { max: MAX_ASK_MINUTES });
    case 'reason-too-long':
      return words.t('ask-reason-too-long', { max: MAX_REASON_LENGTH });
  }
}

/** The private warning to a child with `warn: true`. Plain text. */
export function childWarningText(words: Words, minutesLeft: number, machineId: string, up: boolean): string {
  return up ? words.t('child-warning-up', { machine: machineId }) : words.t('child-warning-low', { minutes: minutesLeft, machine: machineId });
}

/** A request in /history. HTML. */
export function askHistoryLine(words: Words, config: Config, ask: AskRecord): string {
  const child = childNameHtml(config, ask.childId);
  const outcome = askOutcomeLine(words, config, ask);
  return ask.reason === undefined
    ? words.t('history-ask', { child, minutes: ask.minutes, outcome })
    : words.t('history-ask-reason', { child, minutes: ask.minutes, reason: escapeHtml(ask.reason), outcome });
}
