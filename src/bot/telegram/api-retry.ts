import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Transformer } from 'grammy';

/**
 * Telegram's flood limits (429) and its own hiccups (5xx) are waited out and retried; a network error is not, so
 * that an unreachable Telegram is reported instead of retried for hours.
 */
export function retryFloodAndServerErrors() {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true });
}

/** Socket errors that mean the connection broke under the request, not that Telegram cannot be reached. */
const DROPPED_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

function droppedConnection(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  const cause: unknown = error.error;
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' && DROPPED_CONNECTION.has(cause.code);
}

/** Methods that post something new: repeating one whose answer was lost may post it twice. The outbox decides those. */
const POSTS_NEW = /^(send|copy|forward)/;

/**
 * A kept-alive connection can be closed by the other end (a proxy, a NAT, Telegram) just as a request goes out on
 * it; the request then fails with ECONNRESET although Telegram is fine. Such a call is sent once more, at once, on a
 * new connection, unless it posts a new message (the outbox bounds how often those are repeated). Anything else
 * (refused, timed out, DNS) is not retried here.
 */
export function retryDroppedConnection(): Transformer {
  return async (previous, method, payload, signal) => {
    try {
      return await previous(method, payload, signal);
    } catch (error) {
      if (signal?.aborted === true || POSTS_NEW.test(method) || !droppedConnection(error)) throw error;
      return previous(method, payload, signal);
    }
  };
}
