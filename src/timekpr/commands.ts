import { ABSOLUTE_PATH_PATTERN, LOGIN_NAME_PATTERN } from '../config/patterns.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { RemoteCommand } from '../ssh/exec-batch.ts';

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
): Result<RemoteCommand, string> {
  const checked = checkCommon(timekpra, login);
  if (!checked.ok) return checked;
  if (!TIME_OPERATIONS.includes(operation)) return err(`operation must be one of + - =`);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIME_SECONDS) {
    return err(`seconds must be a whole number from 0 to ${MAX_TIME_SECONDS}`);
  }
  return ok({ argv: [timekpra, '--settimeleft', login, operation, String(seconds)], env: TIMEKPRA_ENV });
}

function checkCommon(timekpra: string, login: string): Result<void, string> {
  if (!ABSOLUTE_PATH_PATTERN.test(timekpra)) return err('timekpra must be an absolute path');
  if (!LOGIN_NAME_PATTERN.test(login)) return err('login must be a Linux user name');
  return ok(undefined);
}
