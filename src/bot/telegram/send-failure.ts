import { GrammyError, HttpError } from 'grammy';
import { messageOf } from '../../lib/errors.ts';

/** What a failed call to Telegram means for a message the bot owes. */
export type SendFailure =
  /** An edit that changed nothing: the message already says it. */
  | { readonly kind: 'not-modified' }
  /** The message to edit is gone or too old to edit. */
  | { readonly kind: 'cannot-edit' }
  /** Try again later (Telegram or the network is away, or asks to wait). `maybeSent`: the answer was lost on the way. */
  | { readonly kind: 'retry'; readonly afterMs: number | undefined; readonly maybeSent: boolean; readonly reason: string }
  /** Telegram refused it for good (chat gone, bot blocked, a bad request): trying again cannot help. */
  | { readonly kind: 'refused'; readonly reason: string };

/** Network errors that happen before a request leaves: Telegram surely did not get it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

/** Descriptions Telegram gives for an edit of a message that is gone or too old. */
const CANNOT_EDIT = ['message to edit not found', "message can't be edited", 'MESSAGE_ID_INVALID', 'message to delete not found'];

/**
 * Sorts a failed call: Telegram's answer (429 and 5xx are waited out, "not modified" is no failure, a message that can
 * no longer be edited is told apart, other 4xx are final) or a network error (retried; one that may have happened
 * after the request left counts as `maybeSent`). Pure.
 */
export function classifySendFailure(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const retryAfter = error.parameters.retry_after;
      return { kind: 'retry', afterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : undefined, maybeSent: false, reason };
    }
    if (error.error_code >= 500) return { kind: 'retry', afterMs: undefined, maybeSent: false, reason };
    if (error.description.includes('message is not modified')) return { kind: 'not-modified' };
    if (CANNOT_EDIT.some((text) => error.description.includes(text))) return { kind: 'cannot-edit' };
    return { kind: 'refused', reason };
  }
  if (error instanceof HttpError) {
    const code = codeOf(error.error);
    return { kind: 'retry', afterMs: undefined, maybeSent: code === undefined || !NOT_SENT.has(code), reason: code ?? messageOf(error.error) };
  }
  return { kind: 'refused', reason: messageOf(error) };
}

function codeOf(cause: unknown): string | undefined {
  for (let candidate = cause, depth = 0; depth < 3 && typeof candidate === 'object' && candidate !== null; depth += 1) {
    if ('code' in candidate && typeof candidate.code === 'string') return candidate.code;
    candidate = 'cause' in candidate ? candidate.cause : undefined;
  }
  return undefined;
}
