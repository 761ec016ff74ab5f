import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config, ProfileConfig } from '../../config/types.ts';
import type { ExceptionEnd } from '../../household/exceptions.ts';
import type { MachineStanding } from '../../household/profiles.ts';
import type { RuleDifference } from '../../household/profile-rules.ts';
import { isEditProblem, type RuleException } from '../../household/rules-edit.ts';
import type { MachineRulesOutcome } from '../../household/rules.ts';
import { duration, namesList } from '../../i18n/format.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { addDays, isoWeekdayOf } from '../../lib/local-days.ts';
import { assertNever } from '../../lib/result.ts';
import { RULE_BOUNDS } from '../../lib/rule-vocabulary.ts';
import type { ExceptionRecord } from '../../storage/exceptions.ts';
import { encodeButtonAction, type ButtonAction } from '../callback-data.ts';
import { failureText } from './failure.ts';
import { escapeHtml } from './html.ts';
import { changedText, clock, dayName, differencesText, limitText } from '../../i18n/rule-text.ts';
import { editProblemText, outcomeLine } from './rules.ts';

/** Every word about profiles and exceptions: who follows which, where a computer differs, exceptions and their end. */

const button = (text: string, action: ButtonAction): InlineKeyboardButton => ({ text, callback_data: encodeButtonAction(action) });

/**
 * The profile lines of `/rules mia`: which profile she follows (and what the bot changed since), and each computer
 * that differs from it otherwise, or where it does not fit. HTML.
 */
export function standingText(words: Words, config: Config, profile: ProfileConfig, machines: readonly MachineStanding[]): string {
  const name = escapeHtml(profile.name);
  const changed = machines.flatMap((machine) => (machine.standing.ok ? machine.standing.value.changed : []));
  const unique = [...new Map(changed.map((difference) => [JSON.stringify(difference), difference])).values()];
  const lines = [unique.length === 0 ? words.t('profile-follows', { profile: name }) : words.t('profile-follows-changed', { profile: name, changes: escapeHtml(changedText(words, unique)) })];
  for (const { machineId, standing, waiting } of machines) {
    const machine = escapeHtml(machineId);
    if (!standing.ok) {
      const problem = standing.error;
      if (isEditProblem(problem)) {
        lines.push(words.t('profile-does-not-fit', { machine, profile: name, why: escapeHtml(editProblemText(words, problem)) }));
      }
      continue;
    }
    const differences = standing.value.unexplained;
    if (differences.length === 0) continue;
    const text = escapeHtml(differencesText(words, differences));
    lines.push(words.t(waiting ? msg('profile-differs-waiting') : msg('profile-differs'), { machine, profile: name, differences: text }));
  }
  return lines.join('\n');
}

/** `[Apply "School" on desktop]` `[Keep desktop]` for each computer that differs (not one with a change waiting). */
export function standingKeyboard(words: Words, child: ChildConfig, profile: ProfileConfig, machines: readonly MachineStanding[]): InlineKeyboardButton[][] {
  return machines
    .filter((machine) => !machine.waiting && machine.standing.ok && machine.standing.value.unexplained.length > 0)
    .map(({ machineId }) => differenceButtons(words, child.id, machineId, profile));
}

function differenceButtons(words: Words, childId: string, machineId: string, profile: ProfileConfig): InlineKeyboardButton[] {
  return [
    button(words.t('profile-button-apply', { profile: profile.name, machine: machineId }), { kind: 'profile-apply', childId, machineId }),
    button(words.t('profile-button-keep', { machine: machineId }), { kind: 'profile-keep', childId, machineId }),
  ];
}

/** The report of a computer that differs from its child's profile, with `[Apply]` and `[Keep]`. HTML. */
export function differencesNotice(
  words: Words,
  config: Config,
  notice: { readonly childId: string; readonly machineId: string; readonly profileId: string; readonly differences: readonly RuleDifference[]; readonly waiting: boolean },
): { readonly text: string; readonly buttons: InlineKeyboardMarkup | undefined } {
  const child = config.children.get(notice.childId);
  const profile = config.profiles.byId.get(notice.profileId);
  const text = words.t(notice.waiting ? msg('profile-notice-waiting') : msg('profile-notice'), {
    child: escapeHtml(child?.name ?? notice.childId),
    machine: escapeHtml(notice.machineId),
    profile: escapeHtml(profile?.name ?? notice.profileId),
    differences: escapeHtml(differencesText(words, notice.differences)),
    childId: escapeHtml(notice.childId),
  });
  const buttons = notice.waiting || profile === undefined ? undefined : { inline_keyboard: [differenceButtons(words, notice.childId, notice.machineId, profile)] };
  return { text, buttons };
}

/** `/profile`: each profile, who follows it, and buttons to switch. HTML. */
export function profileListText(words: Words, config: Config, followed: ReadonlyMap<string, string | undefined>): string {
  if (config.profiles.byId.size === 0) return words.t('profile-list-none');
  const lines = [words.t('profile-list-title')];
  for (const profile of config.profiles.byId.values()) {
    const followers = profile.childIds.filter((childId) => followed.get(childId) === profile.id).map((childId) => config.children.get(childId)?.name ?? childId);
    const forAll = profile.childIds.length === config.children.size;
    const names = profile.childIds.map((childId) => config.children.get(childId)?.name ?? childId);
    lines.push(
      words.t(forAll ? msg('profile-list-line') : msg('profile-list-line-for'), {
        profile: escapeHtml(profile.name),
        followers: followers.length === 0 ? words.t('profile-list-nobody') : escapeHtml(namesList(words, followers)),
        children: escapeHtml(namesList(words, names)),
      }),
    );
  }
  const example = [...config.profiles.byId.values()][0];
  const child = [...config.children.values()][0];
  if (example !== undefined && child !== undefined) lines.push('', words.t('profile-list-hint', { profile: escapeHtml(example.id), child: escapeHtml(child.id) }));
  return lines.join('\n');
}

/** One row per profile: `[Holidays → all]` `[✓ Mia]` `[Leo]`. */
export function profileKeyboard(words: Words, config: Config, followed: ReadonlyMap<string, string | undefined>): InlineKeyboardMarkup {
  return {
    inline_keyboard: [...config.profiles.byId.values()].map((profile) => {
      const children = profile.childIds.flatMap((childId) => config.children.get(childId) ?? []);
      const perChild = children.map((child) =>
        button(`${followed.get(child.id) === profile.id ? '✓ ' : ''}${words.t('profile-button-child', { profile: profile.name, child: child.name })}`, {
          kind: 'profile-switch',
          profileId: profile.id,
          child: child.id,
        }),
      );
      if (children.length < 2) return perChild;
      return [button(words.t('profile-button-all', { profile: profile.name }), { kind: 'profile-switch', profileId: profile.id, child: '*' }), ...perChild];
    }),
  };
}

/** The answer to a switch, per child: what each computer has now, or that it had the profile's rules already. HTML. */
export function switchedText(words: Words, config: Config, child: ChildConfig, profile: ProfileConfig, byName: string, results: readonly MachineRulesOutcome[]): string {
  const args = { parent: escapeHtml(byName), child: escapeHtml(child.name), profile: escapeHtml(profile.name) };
  const written = results.some((result) => result.kind === 'changed' || result.kind === 'partly');
  const already = results.length > 0 && results.every((result) => result.kind === 'already');
  if (already) return words.t('profile-switched-already', args);
  const lines = results.filter((result) => result.kind !== 'already' || written).map((result) => outcomeLine(words, config, result));
  return [words.t('profile-switched-by', args), ...lines].join('\n');
}

/** An Undo of a switch that wrote nothing: which profile the child follows again. HTML. */
export function profileUndoneText(words: Words, child: ChildConfig, byName: string, profile: ProfileConfig | undefined): string {
  const args = { parent: escapeHtml(byName), child: escapeHtml(child.name) };
  return profile === undefined ? words.t('profile-undone-none', args) : words.t('profile-undone', { ...args, profile: escapeHtml(profile.name) });
}

/** What an exception does: `allowed until 22:30 tonight`, `3h 00m on Thu`, `no computer on Fri`. Plain text. */
export function exceptionWhat(words: Words, exception: RuleException, today: string): string {
  const day =
    exception.date === today
      ? words.t('exception-day-today')
      : exception.date === addDays(today, 1)
        ? words.t('exception-day-tomorrow')
        : words.t('exception-day-on', { day: dayName(words, isoWeekdayOf(exception.date)) });
  switch (exception.kind) {
    case 'tonight':
      return exception.date === today ? words.t('exception-what-tonight', { time: clock(exception.toMinute) }) : words.t('exception-what-until', { time: clock(exception.toMinute), day });
    case 'day-limit':
      return words.t('exception-what-limit', { limit: limitText(words, exception.seconds, RULE_BOUNDS.daySeconds), day });
    case 'day-extra':
      return words.t('exception-what-extra', { extra: duration(words, exception.seconds), day });
    case 'day-off':
      return words.t('exception-what-off', { day });
    default:
      return assertNever(exception);
  }
}

/** The answer to `/tonight`, `/today` or `/tomorrow`: what it is, until when, and per computer how it went. HTML. */
export function exceptionSetText(words: Words, config: Config, child: ChildConfig, byName: string, exception: RuleException, today: string, results: readonly MachineRulesOutcome[]): string {
  const written = results.some((result) => result.kind === 'changed' || result.kind === 'partly');
  const head = words.t(written ? msg('exception-set-by') : msg('exception-not-set'), {
    parent: escapeHtml(byName),
    child: escapeHtml(child.name),
    what: escapeHtml(exceptionWhat(words, exception, today)),
  });
  return [head, ...results.map((result) => outcomeLine(words, config, result))].join('\n');
}

/**
 * `⏳ Until its day ends: allowed until 22:30 tonight (desktop, laptop)`, one line per exception not put back yet;
 * one whose day is over waits for its computers. HTML.
 */
export function activeExceptionsText(
  words: Words,
  exceptions: readonly { readonly exception: RuleException; readonly machineIds: readonly string[]; readonly ended: boolean }[],
  today: string,
): string {
  return exceptions
    .map(({ exception, machineIds, ended }) =>
      words.t(ended ? msg('exception-waiting') : msg('exception-active'), { what: escapeHtml(exceptionWhat(words, exception, today)), machines: escapeHtml(namesList(words, machineIds)) }),
    )
    .join('\n');
}

/** An exception whose end could not be made as it was, for the chats. HTML. */
export function exceptionEndedText(words: Words, config: Config, record: ExceptionRecord, exception: RuleException | undefined, end: ExceptionEnd, today: string): string {
  const args = {
    child: escapeHtml(config.children.get(record.childId)?.name ?? record.childId),
    childId: escapeHtml(record.childId),
    machine: escapeHtml(record.machineId),
    what: escapeHtml(exception === undefined ? words.t('exception-what-unknown') : exceptionWhat(words, exception, today)),
  };
  if (end.kind === 'restored') {
    const parts = end.kept.map((part) => words.t(part === 'day' ? msg('exception-part-day') : msg('exception-part-hours')));
    return words.t('exception-ended-kept', { ...args, parts: escapeHtml(namesList(words, parts)) });
  }
  const outcome = end.outcome;
  const why =
    outcome === undefined
      ? words.t('exception-unreadable')
      : outcome.kind === 'failed' || outcome.kind === 'unknown' || outcome.kind === 'partly'
        ? failureText(words, config, record.machineId, outcome.failure)
        : outcome.kind === 'refused'
          ? editProblemText(words, outcome.problem)
          : '';
  return words.t(end.retrying ? msg('exception-ended-retrying') : msg('exception-ended-failed'), { ...args, why: escapeHtml(why) });
}
