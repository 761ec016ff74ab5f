import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, type Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { messageOf } from '../../lib/errors.ts';

/** The abort signal type of grammY's API methods (its own declaration of the standard one). */
export type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

/** The standard AbortSignal as grammY's methods declare it: the same object, only typed by grammY's shim. */
export function apiSignal(signal: AbortSignal): ApiSignal {
  return signal as unknown as ApiSignal;
}

/** How the first contact with Telegram ended. */
export type FirstContact =
  | { readonly kind: 'ready'; readonly me: UserFromGetMe }
  /** Telegram answered, and refused the token: waiting will not help. */
  | { readonly kind: 'rejected'; readonly code: number; readonly description: string }
  /** The bot was asked to stop (SIGTERM, SIGINT) while it waited. */
  | { readonly kind: 'stopped' };

export interface FirstContactOptions {
  /** Aborted when the bot is asked to stop: the wait ends at once. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Where Telegram is asked, for the log. */
  readonly apiRoot: string;
  /** Pauses between tries, in ms: the last one repeats. Default 1, 2, 4, 8, 15 s. */
  readonly delaysMs?: readonly number[];
  /** How long one try may take. Default 15 s. */
  readonly tryTimeoutMs?: number;
  /** A try that fails for the same reason as the last one logged is logged again only after this long. Default 10 min. */
  readonly repeatLogMs?: number;
  /** The clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Asks Telegram who the bot is (`getMe`) until it answers: a home server often boots before the router has internet.
 * Tries again with backoff after every failure that is not Telegram refusing the token; each try ends after
 * `tryTimeoutMs`, so a Telegram that takes calls but never answers does not hold the bot forever. The first failure
 * is logged with its reason, then only a new reason, or the same one again every `repeatLogMs`, and the recovery.
 */
export async function waitForTelegram(getMe: (signal: AbortSignal) => Promise<UserFromGetMe>, options: FirstContactOptions): Promise<FirstContact> {
  const { signal, logger, apiRoot } = options;
  const delays = options.delaysMs ?? [1000, 2000, 4000, 8000, 15_000];
  const tryTimeoutMs = options.tryTimeoutMs ?? 15_000;
  const repeatLogMs = options.repeatLogMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const since = now();
  /** When each reason was last logged (reasons may alternate: refused, then no answer, then refused…). */
  const logged = new Map<string, number>();
  for (let attempt = 0; ; attempt += 1) {
    if (signal.aborted) return { kind: 'stopped' };
    try {
      const me = await getMe(AbortSignal.any([signal, AbortSignal.timeout(tryTimeoutMs)]));
      if (logged.size > 0) logger.info({ apiRoot, waitedSeconds: Math.round((now() - since) / 1000) }, 'Telegram answers again');
      return { kind: 'ready', me };
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      if (error instanceof GrammyError && error.error_code !== 429 && error.error_code < 500) {
        return { kind: 'rejected', code: error.error_code, description: error.description };
      }
      const reason = reasonOf(error);
      // Telegram's own "retry after" (429) is honoured; otherwise the backoff.
      const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
      const delayMs = typeof retryAfter === 'number' ? retryAfter * 1000 : (delays[Math.min(attempt, delays.length - 1)] ?? 15_000);
      const at = now();
      const lastLogged = logged.get(reason);
      if (lastLogged === undefined || at - lastLogged >= repeatLogMs) {
        logger.warn({ apiRoot, reason, tries: attempt + 1, waitingSeconds: Math.round((at - since) / 1000), nextTryInSeconds: delayMs / 1000 }, 'cannot reach Telegram yet: trying again');
        logged.set(reason, at);
      } else {
        logger.debug({ reason, tries: attempt + 1 }, 'Telegram still not reachable');
      }
      // Cut short by a stop: the loop then sees the signal.
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** Why a try failed, in a few words: the network's error code when there is one (ECONNREFUSED, ENOTFOUND, …). */
function reasonOf(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  const cause: unknown = typeof error === 'object' && error !== null && 'error' in error ? error.error : undefined;
  for (const candidate of [cause, typeof cause === 'object' && cause !== null && 'cause' in cause ? cause.cause : undefined]) {
    if (typeof candidate === 'object' && candidate !== null && 'code' in candidate && typeof candidate.code === 'string') return candidate.code;
  }
  const message = messageOf(cause ?? error);
  return /aborted|timeout/i.test(message) ? 'no answer in time' : message;
}
