import type { AsksConfig, ChildConfig, Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { AskRecord } from '../storage/asks.ts';
import type { UserInfo } from '../timekpr/parse.ts';

/** The amounts a child may ask for with a button, and a parent may give with one, in minutes. */
export const ASK_AMOUNTS: readonly number[] = [15, 30, 60];

/**
 * The rules of children's requests for more time, pure: who is a child, what they may ask, when, and which computer
 * it concerns. The state (open requests, the last "no") lives in the AskStore; this decides on it.
 */

/** The configured child a Telegram user is, if any. */
export function childOfUser(config: Config, userId: number): ChildConfig | undefined {
  for (const child of config.children.values()) if (child.telegramIds.includes(userId)) return child;
  return undefined;
}

/** The most a child may ask for at once, in minutes. */
export const MAX_ASK_MINUTES = 240;
/** A reason is one short line. */
export const MAX_REASON_LENGTH = 60;

export interface AskWords {
  readonly minutes: number;
  readonly reason: string | undefined;
}

/** Why `/ask …` was not understood: no number first, a number out of range, or too long a reason. */
export type AskWordsProblem = { readonly kind: 'no-minutes' } | { readonly kind: 'bad-minutes' } | { readonly kind: 'reason-too-long' };

/** `/ask 30 homework` → 30 minutes, reason "homework". No minutes: undefined (the child gets buttons). Pure. */
export function parseAskWords(text: string): Result<AskWords | undefined, AskWordsProblem> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return ok(undefined);
  const [amount = '', ...rest] = words;
  if (!/^\d{1,4}$/.test(amount)) return err({ kind: 'no-minutes' });
  const minutes = Number(amount);
  if (minutes < 1 || minutes > MAX_ASK_MINUTES) return err({ kind: 'bad-minutes' });
  // One line of printable text: control characters become spaces.
  const reason = rest.join(' ').replace(/\p{Cc}/gu, ' ').trim();
  if (reason.length > MAX_REASON_LENGTH) return err({ kind: 'reason-too-long' });
  return ok({ minutes, reason: reason === '' ? undefined : reason });
}

export type AskVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'already-open'; readonly ask: AskRecord }
  | { readonly kind: 'cooldown'; readonly until: number };

/** May the child ask now? One open request at a time; after a "no", not before the cooldown has passed. Pure. */
export function mayAsk(asks: AsksConfig, open: AskRecord | undefined, lastDeniedAt: number | undefined, now: number): AskVerdict {
  if (!asks.enabled) return { kind: 'disabled' };
  if (open !== undefined) return { kind: 'already-open', ask: open };
  if (lastDeniedAt !== undefined && now < lastDeniedAt + asks.cooldownMs) return { kind: 'cooldown', until: lastDeniedAt + asks.cooldownMs };
  return { kind: 'ok' };
}

/** A request runs out after `expireMs`, or at the end of the day it was made (local time), whichever comes first. */
export function expiryOf(asks: AsksConfig, now: number): number {
  const midnight = new Date(now);
  midnight.setHours(24, 0, 0, 0);
  return Math.min(now + asks.expireMs, midnight.getTime());
}

/** The computer a request concerns: the one the child is logged in on; none or several: the parent picks. Pure. */
export function askedMachine(infos: ReadonlyMap<string, Result<UserInfo, unknown>>): string | undefined {
  const loggedIn = [...infos].filter(([, info]) => info.ok && info.value.loggedIn).map(([machineId]) => machineId);
  return loggedIn.length === 1 ? loggedIn[0] : undefined;
}

/** Whether a parent's give button fits the request: one of the offered amounts, on its computer or the child's. */
export function isOfferedGive(config: Config, ask: AskRecord, machine: string, minutes: number): boolean {
  if (!ASK_AMOUNTS.includes(minutes)) return false;
  const child = config.children.get(ask.childId);
  if (child === undefined) return false;
  return machine === '*' || child.accounts.has(machine);
}
