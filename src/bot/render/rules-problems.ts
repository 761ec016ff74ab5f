import type { Config } from '../../config/types.ts';
import { duration } from '../../i18n/format.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { assertNever } from '../../lib/result.ts';
import type { ChildTargetProblem } from '../names.ts';
import type { RulesCommand, RulesRequestProblem } from '../rules-request.ts';
import { nameProblemText } from './names.ts';

/** Why a house-rules command was not taken, in the reader's words, with how to write it. Plain text. */

const USAGE_KEYS: Readonly<Record<RulesCommand, string>> = {
  limit: msg('rules-usage-limit'),
  hours: msg('rules-usage-hours'),
  days: msg('rules-usage-days'),
  playtime: msg('rules-usage-playtime'),
  lockout: msg('rules-usage-lockout'),
  tonight: msg('exception-usage-tonight'),
  today: msg('exception-usage-today'),
  tomorrow: msg('exception-usage-tomorrow'),
};

/** How to write a rules command. */
export function rulesUsage(words: Words, command: RulesCommand): string {
  return words.t(USAGE_KEYS[command]);
}

/** Why `/rules …` names nothing. */
export function rulesTargetProblemText(words: Words, config: Config, problem: ChildTargetProblem): string {
  return problem.kind === 'usage' ? words.t('rules-usage') : nameProblemText(words, config, problem);
}

/** Why a rules command was not understood: what was wrong, as typed. */
export function rulesRequestProblemText(words: Words, config: Config, problem: RulesRequestProblem): string {
  switch (problem.kind) {
    case 'usage':
      return rulesUsage(words, problem.command);
    case 'unknown-child':
    case 'unknown-machine':
      return nameProblemText(words, config, problem);
    case 'unknown-day':
      return words.t('rules-problem-unknown-day', { text: problem.text });
    case 'wrapping-day-range':
      return words.t('rules-problem-wrapping-day-range', { text: problem.text });
    case 'no-days':
      return words.t('rules-problem-no-days');
    case 'not-duration':
      return words.t('rules-problem-not-duration', { text: problem.text });
    case 'duration-without-unit':
      return words.t('rules-problem-duration-without-unit', { text: problem.text });
    case 'not-whole-minutes':
      return words.t('rules-problem-not-whole-minutes', { text: problem.text });
    case 'duration-too-long':
      return words.t('rules-problem-duration-too-long', { text: problem.text, max: duration(words, problem.maxSeconds) });
    case 'bad-time-range':
      return words.t('rules-problem-bad-time-range', { text: problem.text });
    case 'bad-time':
      return words.t('rules-problem-bad-time', { text: problem.text });
    case 'end-not-after-start':
      return words.t('rules-problem-end-not-after-start', { text: problem.text });
    case 'overlapping-intervals':
      return words.t('rules-problem-overlapping-intervals', { first: problem.first, second: problem.second });
    case 'bad-activity':
      return words.t('rules-problem-bad-activity', { text: problem.text });
    case 'bad-activity-mask':
      return words.t('rules-problem-bad-activity-mask', { text: problem.text });
    case 'bad-activity-description':
      return words.t('rules-problem-bad-activity-description', { text: problem.text });
    case 'activity-needs-description':
      return words.t('rules-problem-activity-needs-description', { mask: problem.mask });
    case 'duplicate-activity':
      return words.t('rules-problem-duplicate-activity', { mask: problem.mask });
    case 'too-many-activities':
      return words.t('rules-problem-too-many-activities', { count: problem.count, max: problem.max });
    case 'no-activities':
      return words.t('rules-problem-no-activities');
    case 'unknown-lockout':
      return words.t('rules-problem-unknown-lockout', { text: problem.text });
    case 'bad-wake-hours':
      return words.t('rules-problem-bad-wake-hours', { text: problem.text });
    case 'wake-hours-need-suspendwake':
      return words.t('rules-problem-wake-hours-need-suspendwake', { type: problem.type });
    default:
      return assertNever(problem);
  }
}
