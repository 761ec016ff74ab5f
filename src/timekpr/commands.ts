import { ABSOLUTE_PATH_PATTERN, LOGIN_NAME_PATTERN } from '../config/patterns.ts';
import { assertNever, err, ok, type Result } from '../lib/result.ts';
import type { RemoteCommand } from '../ssh/exec-batch.ts';
import type { AllowedHour } from './parse.ts';
import { ANY_HOUR, checkPatch, RULE_FIELDS, type DayHours, type Lockout, type RuleField, type RulesPatch } from './rules.ts';

/** `+` adds to today's time left, `-` takes away, `=` sets it. */
export type TimeOperation = '+' | '-' | '=';
const TIME_OPERATIONS: readonly TimeOperation[] = ['+', '-', '='];

/** Timekpr-nExT never keeps more than a day's worth of time left. */
export const MAX_TIME_SECONDS = 86_400;

/** Untranslated messages: the parser reads English text. */
const TIMEKPRA_ENV = { LC_ALL: 'C', LANGUAGE: 'C' } as const;

/** The machine's own ISO weekday (1 = Monday), since limits are per weekday in the machine's time zone. */
export const WEEKDAY_COMMAND: RemoteCommand = { argv: ['date', '+%u'], env: TIMEKPRA_ENV };

export function userListCommand(timekpra: string): Result<RemoteCommand, string> {
  if (!ABSOLUTE_PATH_PATTERN.test(timekpra)) return err('timekpra must be an absolute path');
  return ok({ argv: [timekpra, '--userlist'], env: TIMEKPRA_ENV });
}

export function userInfoCommand(timekpra: string, login: string): Result<RemoteCommand, string> {
  const checked = checkCommon(timekpra, login);
  if (!checked.ok) return checked;
  return ok({ argv: [timekpra, '--userinfo', login], env: TIMEKPRA_ENV });
}

export function setTimeLeftCommand(
  timekpra: string,
  login: string,
  operation: TimeOperation,
  seconds: number,
  /** `play`: PlayTime left instead of the normal time left. */
  which: 'time' | 'play' = 'time',
): Result<RemoteCommand, string> {
  const checked = checkCommon(timekpra, login);
  if (!checked.ok) return checked;
  if (!TIME_OPERATIONS.includes(operation)) return err(`operation must be one of + - =`);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIME_SECONDS) {
    return err(`seconds must be a whole number from 0 to ${MAX_TIME_SECONDS}`);
  }
  const option = which === 'play' ? '--setplaytimeleft' : '--settimeleft';
  return ok({ argv: [timekpra, option, login, operation, String(seconds)], env: TIMEKPRA_ENV });
}

/** One setter of a rules patch, as a timekpra command. */
export interface RuleCommand {
  readonly field: RuleField;
  readonly command: RemoteCommand;
}

/**
 * The timekpra commands that write `patch`, in the setters' order (days before their limits). The patch is checked
 * first (`checkPatch`), so every argument is made of digits, the fixed words and the safe characters of PlayTime masks.
 * Hours that are the same on all seven days are written with one `ALL` (one notification for the child, not seven).
 */
export function rulesCommands(timekpra: string, login: string, patch: RulesPatch): Result<RuleCommand[], string> {
  const checked = checkCommon(timekpra, login);
  if (!checked.ok) return checked;
  const valid = checkPatch(patch);
  if (!valid.ok) return valid;
  const setter = (field: RuleField, option: string, ...values: string[]): RuleCommand => ({
    field,
    command: { argv: [timekpra, option, login, ...values], env: TIMEKPRA_ENV },
  });
  const commands: RuleCommand[] = [];
  for (const field of RULE_FIELDS) {
    switch (field) {
      case 'allowedDays':
        if (patch.allowedDays !== undefined) commands.push(setter(field, '--setalloweddays', patch.allowedDays.join(';')));
        break;
      case 'dayLimits':
        if (patch.dayLimits !== undefined) commands.push(setter(field, '--settimelimits', patch.dayLimits.join(';')));
        break;
      case 'hours':
        for (const { day, hours } of hoursCalls(patch.hours ?? [])) commands.push(setter(field, '--setallowedhours', day, hoursText(hours)));
        break;
      case 'weekLimit':
        if (patch.weekLimit !== undefined) commands.push(setter(field, '--settimelimitweek', String(patch.weekLimit)));
        break;
      case 'monthLimit':
        if (patch.monthLimit !== undefined) commands.push(setter(field, '--settimelimitmonth', String(patch.monthLimit)));
        break;
      case 'lockout':
        if (patch.lockout !== undefined) commands.push(setter(field, '--setlockouttype', lockoutText(patch.lockout)));
        break;
      case 'playTimeEnabled':
        if (patch.playTimeEnabled !== undefined) commands.push(setter(field, '--setplaytimeenabled', String(patch.playTimeEnabled)));
        break;
      case 'playTimeOverride':
        if (patch.playTimeOverride !== undefined) commands.push(setter(field, '--setplaytimelimitoverride', String(patch.playTimeOverride)));
        break;
      case 'playTimeInFreeIntervals':
        if (patch.playTimeInFreeIntervals !== undefined) {
          commands.push(setter(field, '--setplaytimeunaccountedintervalsflag', String(patch.playTimeInFreeIntervals)));
        }
        break;
      case 'playTimeDays':
        if (patch.playTimeDays !== undefined) commands.push(setter(field, '--setplaytimealloweddays', patch.playTimeDays.join(';')));
        break;
      case 'playTimeLimits':
        if (patch.playTimeLimits !== undefined) commands.push(setter(field, '--setplaytimelimits', patch.playTimeLimits.join(';')));
        break;
      case 'playTimeActivities':
        if (patch.playTimeActivities !== undefined) {
          commands.push(setter(field, '--setplaytimeactivities', patch.playTimeActivities.map((a) => `${a.mask}[${a.description}]`).join(';')));
        }
        break;
      default:
        return assertNever(field);
    }
  }
  return ok(commands);
}

/** The days' hours as setter calls: one `ALL` when all seven days get the same hours. */
export function hoursCalls(days: readonly DayHours[]): { readonly day: string; readonly hours: readonly AllowedHour[] }[] {
  const first = days[0];
  if (first !== undefined && days.length === 7 && days.every(({ hours }) => hoursText(hours) === hoursText(first.hours))) {
    return [{ day: 'ALL', hours: first.hours }];
  }
  return days.map(({ day, hours }) => ({ day: String(day), hours }));
}

/** `7;8[0-30];!14`, the daemon's own notation. */
export function hoursText(hours: readonly AllowedHour[]): string {
  return hours
    .map(({ hour, fromMinute, toMinute, accounted }) => {
      const minutes = fromMinute > 0 || toMinute < 60 ? `[${fromMinute}-${toMinute}]` : '';
      return `${accounted ? '' : '!'}${hour}${minutes}`;
    })
    .join(';');
}

function lockoutText(lockout: Lockout): string {
  if (lockout.type !== 'suspendwake') return lockout.type;
  const wake = lockout.wake ?? ANY_HOUR;
  return `${lockout.type};${wake.fromHour};${wake.toHour}`;
}

function checkCommon(timekpra: string, login: string): Result<void, string> {
  if (!ABSOLUTE_PATH_PATTERN.test(timekpra)) return err('timekpra must be an absolute path');
  if (!LOGIN_NAME_PATTERN.test(login)) return err('login must be a Linux user name');
  return ok(undefined);
}
