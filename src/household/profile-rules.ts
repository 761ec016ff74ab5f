import type { ProfileConfig, ProfileRules } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { WEEKDAYS, type RuleDifference } from '../lib/rule-vocabulary.ts';
import {
  dayLimitOf,
  hoursOf,
  playTimeLimitOf,
  RULE_BOUNDS,
  sameActivities,
  sameHours,
  sameLockout,
  type Rules,
  type RuleSettings,
} from '../timekpr/rules.ts';
import { intervalsFromHours, wantedSettings, type EditProblem, type RulesEdit } from './rules-edit.ts';

export type { RuleDifference } from '../lib/rule-vocabulary.ts';

/**
 * A profile as an edit of a computer's rules, and where a computer's rules differ from it, item by item (a day's
 * limit, a day's hours, the lockout…), so a parent reads "Sat 3h (profile: 2h)" and each difference is reported once.
 * Pure.
 */

/** The edit that makes a computer follow `profile`: what it sets, in the order the setters need (days first). */
export function profileEdit(profile: Pick<ProfileConfig, 'id' | 'rules'>): RulesEdit & { readonly kind: 'profile' } {
  return { kind: 'profile', profileId: profile.id, edits: editsOf(profile.rules) };
}

function editsOf(rules: ProfileRules): RulesEdit[] {
  const edits: RulesEdit[] = [];
  if (rules.days !== undefined) edits.push({ kind: 'days', days: rules.days });
  if (rules.limits.length > 0) edits.push({ kind: 'limit', limits: rules.limits });
  if (rules.hours !== undefined) edits.push({ kind: 'hours', groups: rules.hours });
  if (rules.weekLimit !== undefined) edits.push({ kind: 'week-limit', seconds: rules.weekLimit });
  if (rules.monthLimit !== undefined) edits.push({ kind: 'month-limit', seconds: rules.monthLimit });
  if (rules.lockout !== undefined) edits.push({ kind: 'lockout', lockout: rules.lockout });
  const playTime = rules.playTime;
  if (playTime?.enabled !== undefined) edits.push({ kind: 'playtime', enabled: playTime.enabled });
  if (playTime !== undefined && playTime.limits.length > 0) edits.push({ kind: 'playtime-limit', limits: playTime.limits });
  if (playTime?.activities !== undefined) edits.push({ kind: 'playtime-activities', activities: playTime.activities });
  return edits;
}

/** Where `actual` differs from `wanted`, item by item, in a fixed order. */
export function differencesBetween(actual: RuleSettings, wanted: RuleSettings): RuleDifference[] {
  const found: RuleDifference[] = [];
  for (const day of WEEKDAYS) {
    const [is, shouldBe] = [dayLimitOf(actual, day), dayLimitOf(wanted, day)];
    if (is !== shouldBe) found.push({ kind: 'day', day, actual: is, profile: shouldBe });
  }
  for (const day of WEEKDAYS) {
    if (!sameHours(hoursOf(actual, day), hoursOf(wanted, day))) {
      found.push({ kind: 'hours', day, actual: intervalsFromHours(hoursOf(actual, day)), profile: intervalsFromHours(hoursOf(wanted, day)) });
    }
  }
  const period = (seconds: number, off: number) => (seconds >= off ? undefined : seconds);
  if (period(actual.weekLimit, RULE_BOUNDS.weekSeconds) !== period(wanted.weekLimit, RULE_BOUNDS.weekSeconds)) {
    found.push({ kind: 'week-limit', actual: period(actual.weekLimit, RULE_BOUNDS.weekSeconds), profile: period(wanted.weekLimit, RULE_BOUNDS.weekSeconds) });
  }
  if (period(actual.monthLimit, RULE_BOUNDS.monthSeconds) !== period(wanted.monthLimit, RULE_BOUNDS.monthSeconds)) {
    found.push({ kind: 'month-limit', actual: period(actual.monthLimit, RULE_BOUNDS.monthSeconds), profile: period(wanted.monthLimit, RULE_BOUNDS.monthSeconds) });
  }
  if (!sameLockout(actual.lockout, wanted.lockout)) found.push({ kind: 'lockout', actual: actual.lockout, profile: wanted.lockout });
  if (actual.playTimeEnabled !== wanted.playTimeEnabled) found.push({ kind: 'playtime', actual: actual.playTimeEnabled, profile: wanted.playTimeEnabled });
  for (const day of WEEKDAYS) {
    const [is, shouldBe] = [playTimeLimitOf(actual, day), playTimeLimitOf(wanted, day)];
    if (is !== shouldBe) found.push({ kind: 'playtime-limit', day, actual: is, profile: shouldBe });
  }
  if (!sameActivities(actual.playTimeActivities, wanted.playTimeActivities)) {
    found.push({ kind: 'playtime-activities', actual: actual.playTimeActivities, profile: wanted.playTimeActivities });
  }
  return found;
}

/** A difference as a stable key (what it is and both values): the same difference found again has the same key. */
export function differenceKey(difference: RuleDifference): string {
  return JSON.stringify(difference);
}

/** How a computer stands against its child's profile. */
export interface ProfileStanding {
  /** Differences nobody made through the bot: changed on the computer itself, or a change still waiting. */
  readonly unexplained: readonly RuleDifference[];
  /** Differences the bot made itself after the switch (a `/limit`, an exception): "School, changed: Sat 3h". */
  readonly changed: readonly RuleDifference[];
}

/**
 * Compares a computer's rules with a profile. `expected` is what the bot expects there (its own changes replayed
 * since it last wrote there); a difference it expects too was made through the bot. Undefined when the bot never
 * wrote there: then every difference is unexplained. Refused when the profile does not fit the computer (a limit for
 * a day that is not allowed there).
 */
export function standingOf(rules: Rules, expected: RuleSettings | undefined, edit: RulesEdit): Result<ProfileStanding, EditProblem> {
  const wanted = wantedSettings(rules, edit);
  if (!wanted.ok) return err(wanted.error);
  const all = differencesBetween(rules.settings, wanted.value);
  if (expected === undefined) return ok({ unexplained: all, changed: [] });
  const expectedWanted = wantedSettings({ ...rules, settings: expected }, edit);
  const byBot = new Set(expectedWanted.ok ? differencesBetween(expected, expectedWanted.value).map(differenceKey) : []);
  return ok({
    unexplained: all.filter((difference) => !byBot.has(differenceKey(difference))),
    changed: all.filter((difference) => byBot.has(differenceKey(difference))),
  });
}
