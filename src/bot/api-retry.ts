import { autoRetry } from '@grammyjs/auto-retry';

/**
 * Telegram's flood limits (429) and its own hiccups (5xx) are waited out and retried; a network error is not, so
 * that an unreachable Telegram is reported instead of retried for hours.
 */
export function retryFloodAndServerErrors() {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true });
}
