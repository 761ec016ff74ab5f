import { GrammyError, InputFile, type Api } from 'grammy';
import type { ForceReply, InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import type { AfterDelivery, Outgoing, OutboxEntry, OutboxStore } from '../../storage/outbox.ts';
import { apiSignal } from './first-contact.ts';
import { classifySendFailure, type SendFailure } from './send-failure.ts';

/** How a message the bot owes came out of its first attempt (or of waiting behind earlier ones of its chat). */
export type Delivery =
  | { readonly kind: 'delivered'; readonly messageId: number }
  /** Telegram could not take it now: it is kept and sent as soon as it can be (in order, within the bound). */
  | { readonly kind: 'owed' }
  /** Telegram refused it for good (chat gone, bot blocked), or it was dropped: it will not be sent. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface OutboxOptions {
  readonly api: Api;
  readonly store: OutboxStore;
  readonly logger: Logger;
  /** How long an entry is tried before it is dropped (`telegram.deliverWithinHours`). */
  readonly deliverWithinMs: number;
  /** Notes where a delivered message went (which message carries a request's or a kept change's buttons). */
  readonly onDelivered: (after: AfterDelivery, chatId: number, messageId: number) => void;
  readonly now?: () => number;
  /** Pauses after the 1st, 2nd, … failed attempt of an entry; the last repeats. Default 1, 2, 4, 8, 15, 30 s. */
  readonly backoffMs?: readonly number[];
  /** How long one attempt may take. Default 30 s. */
  readonly attemptTimeoutMs?: number;
}

export interface SendOptions {
  readonly html?: boolean;
  readonly buttons?: InlineKeyboardMarkup | ForceReply | undefined;
  /** Sent as a reply to this message (and without it, if that one is gone). */
  readonly replyTo?: number | undefined;
  readonly after?: AfterDelivery | undefined;
  /** Dropped if not delivered within this long (an answer to a question is worth little later). Default: the bound. */
  readonly validForMs?: number;
}

/** Attempts whose answer was lost, after which a new message is not sent again (it may be there twice already). */
const MAX_UNCERTAIN_SENDS = 2;
/** On stop, attempts under way get this long to finish before they are cut off. */
const STOP_GRACE_MS = 2000;

/**
 * Every message the bot owes a chat goes through here: kept in SQLite before the first attempt, tried at once, and
 * when Telegram or the network is away, tried again with backoff (Telegram's `retry_after` honoured) until the bound,
 * then dropped and logged, never sent late. Each chat gets its messages in order: one waits behind an earlier one
 * that is still owed. What is owed at a stop is delivered after the next start.
 *
 * Duplicates: Telegram has no idempotency key. Edits are idempotent; a new message whose answer was lost (the
 * connection broke after the request left) is sent once more at most, so it may arrive twice, never three times.
 */
export class Outbox {
  readonly #options: OutboxOptions;
  readonly #now: () => number;
  readonly #backoffMs: readonly number[];
  /** Per chat, the drain in progress: entries of one chat are attempted one after another. */
  readonly #chains = new Map<number, Promise<void>>();
  /** Callers waiting for their entry's first outcome, by entry id. */
  readonly #waiting = new Map<number, (delivery: Delivery) => void>();
  readonly #stopAttempts = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  /** Telegram asked to wait (429) until then: "Telegram is back" does not cut that short. */
  #floodUntil = 0;
  #lastRetryNow = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#backoffMs = options.backoffMs ?? [1000, 2000, 4000, 8000, 15_000, 30_000];
  }

  /** A new text message. */
  send(chatId: number, text: string, options: SendOptions = {}): Promise<Delivery> {
    const message: Outgoing = {
      kind: 'send',
      text,
      html: options.html ?? false,
      ...(options.buttons === undefined ? {} : { buttons: options.buttons }),
      ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
    };
    return this.#enqueue(chatId, message, undefined, options);
  }

  /** A message's new text; `buttons` stay only when given. One too old or gone becomes a new message saying the same. */
  edit(chatId: number, messageId: number, text: string, options: Pick<SendOptions, 'html' | 'after'> & { readonly buttons?: InlineKeyboardMarkup | undefined } = {}): Promise<Delivery> {
    const message: Outgoing = { kind: 'edit', messageId, text, html: options.html ?? false, ...(options.buttons === undefined ? {} : { buttons: options.buttons }) };
    return this.#enqueue(chatId, message, undefined, options);
  }

  /** Only a message's buttons (none: `{ inline_keyboard: [] }`). Nothing happens if the message is gone. */
  buttons(chatId: number, messageId: number, buttons: InlineKeyboardMarkup): Promise<Delivery> {
    return this.#enqueue(chatId, { kind: 'buttons', messageId, buttons }, undefined, {});
  }

  /** A picture (a chart) with its caption. */
  photo(chatId: number, png: Uint8Array, caption: string, fileName: string): Promise<Delivery> {
    return this.#enqueue(chatId, { kind: 'photo', caption, fileName }, png, {});
  }

  /** Starts delivering what an earlier run still owes. Returns how many messages that is. */
  start(): number {
    const owed = this.#options.store.settleInFlight();
    if (owed > 0) {
      this.#options.logger.info({ owed }, 'outbox: messages owed from before the stop are sent now');
      this.#drainAll(true);
    }
    return owed;
  }

  /**
   * Telegram answers again (a poll succeeded): what waits for it is tried now, not at its next backoff. At most once a
   * second, so that a message Telegram keeps failing (5xx) is not tried at every update.
   */
  retryNow(): void {
    const now = this.#now();
    if (this.#stopped || now < this.#floodUntil || now - this.#lastRetryNow < 1000 || this.#options.store.count() === 0) return;
    this.#lastRetryNow = now;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#drainAll(true);
  }

  /** Resolves when no delivery is under way (tests, the bench). */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
  }

  /** Stops: attempts under way end (cut off after 2 s), and what is still owed stays for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const grace = setTimeout(() => this.#stopAttempts.abort(), STOP_GRACE_MS);
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
    clearTimeout(grace);
    for (const [id, resolve] of this.#waiting) {
      this.#waiting.delete(id);
      resolve({ kind: 'owed' });
    }
  }

  #enqueue(chatId: number, message: Outgoing, photo: Uint8Array | undefined, options: Pick<SendOptions, 'after' | 'validForMs'>): Promise<Delivery> {
    const now = this.#now();
    const validForMs = Math.min(options.validForMs ?? this.#options.deliverWithinMs, this.#options.deliverWithinMs);
    const id = this.#options.store.add({ chatId, createdAt: now, expiresAt: now + validForMs, message, photo, after: options.after });
    if (this.#stopped) return Promise.resolve({ kind: 'owed' });
    const delivery = new Promise<Delivery>((resolve) => this.#waiting.set(id, resolve));
    void this.#drain(chatId).then(() => this.#settle(id, { kind: 'owed' }));
    return delivery;
  }

  /** Tells the caller waiting for entry `id` (if any) how it went. */
  #settle(id: number, delivery: Delivery): void {
    const resolve = this.#waiting.get(id);
    if (resolve === undefined) return;
    this.#waiting.delete(id);
    resolve(delivery);
  }

  /** Delivers the chat's entries in order, after whatever is delivering to it now. */
  #drain(chatId: number, ignoreBackoff = false): Promise<void> {
    const previous = this.#chains.get(chatId) ?? Promise.resolve();
    const next = previous
      .then(() => this.#drainChat(chatId, ignoreBackoff))
      .catch((error: unknown) => {
        // The chat's oldest entry could not be read or handled: it is dropped, so the chat does not wait behind it forever.
        this.#options.logger.error({ chat: chatId, err: error }, 'outbox: delivering failed: the oldest message of the chat is dropped');
        this.#options.store.removeHead(chatId);
      })
      .finally(() => {
        if (this.#chains.get(chatId) === next) this.#chains.delete(chatId);
        this.#schedule();
      });
    this.#chains.set(chatId, next);
    return next;
  }

  #drainAll(ignoreBackoff = false): void {
    for (const chatId of this.#options.store.chats()) void this.#drain(chatId, ignoreBackoff);
  }

  async #drainChat(chatId: number, ignoreBackoff: boolean): Promise<void> {
    const { store, logger } = this.#options;
    for (;;) {
      if (this.#stopped) return;
      const entry = store.head(chatId);
      if (entry === undefined) return;
      const now = this.#now();
      if (entry.expiresAt <= now) {
        this.#giveUp(entry, 'not delivered in time: dropped, not sent late');
        continue;
      }
      const isNew = entry.message.kind === 'send' || entry.message.kind === 'photo';
      if (isNew && entry.uncertain >= MAX_UNCERTAIN_SENDS) {
        this.#giveUp(entry, 'its answer was lost twice: not sent a third time (it may be there already)');
        continue;
      }
      if (entry.nextAt > now && !(ignoreBackoff && now >= this.#floodUntil)) return;
      if (isNew && entry.uncertain > 0 && !ignoreBackoff) {
        // Its answer was lost once: it may be there. The one more try it gets is made only once Telegram is known to
        // answer again (a poll succeeded, or the bot started), not used up by a network that swallows every request.
        store.postpone(entry.id, entry.expiresAt, false);
        this.#settle(entry.id, { kind: 'owed' });
        return;
      }
      store.beginAttempt(entry.id);
      const outcome = await this.#attempt(entry);
      if (outcome.kind === 'delivered') {
        this.#delivered(entry, outcome.messageId);
        continue;
      }
      if (outcome.kind === 'not-modified' && entry.message.kind !== 'send' && entry.message.kind !== 'photo') {
        this.#delivered(entry, entry.message.messageId);
        continue;
      }
      if (outcome.kind === 'cannot-edit' && entry.message.kind === 'edit') {
        // Too old or deleted: the chat gets what the edit said as a new message.
        const { text, html, buttons } = entry.message;
        store.replace(entry.id, { kind: 'send', text, html, ...(buttons === undefined ? {} : { buttons }) });
        store.postpone(entry.id, now, false);
        logger.info({ chat: chatId, entry: entry.id }, 'outbox: message can no longer be edited: sent as a new one');
        continue;
      }
      if (outcome.kind === 'cannot-edit' && entry.message.kind === 'buttons') {
        // Stale buttons on a message that is gone: nothing left to remove.
        this.#delivered(entry, entry.message.messageId);
        continue;
      }
      if (outcome.kind === 'retry') {
        const afterMs = outcome.afterMs ?? this.#backoffMs[Math.min(entry.attempts, this.#backoffMs.length - 1)] ?? 30_000;
        if (outcome.afterMs !== undefined) this.#floodUntil = Math.max(this.#floodUntil, now + outcome.afterMs);
        if (isNew && outcome.maybeSent && entry.uncertain + 1 >= MAX_UNCERTAIN_SENDS) {
          this.#giveUp(entry, `its answer was lost ${entry.uncertain + 1} times (${outcome.reason}): not sent again (it may be there already)`);
          continue;
        }
        store.postpone(entry.id, now + afterMs, outcome.maybeSent);
        const fields = { chat: chatId, entry: entry.id, kind: entry.message.kind, reason: outcome.reason, attempts: entry.attempts + 1, nextTryInSeconds: afterMs / 1000 };
        if (entry.attempts === 0) logger.warn(fields, 'outbox: Telegram did not take a message: it is kept and tried again');
        else logger.debug(fields, 'outbox: still not delivered');
        this.#settle(entry.id, { kind: 'owed' });
        return;
      }
      this.#giveUp(entry, outcome.kind === 'refused' ? outcome.reason : outcome.kind, outcome.kind === 'refused' && !outcome.reason.startsWith('403') ? 'error' : 'warn');
    }
  }

  #delivered(entry: OutboxEntry, messageId: number): void {
    this.#options.store.remove(entry.id);
    if (entry.attempts > 0) this.#options.logger.info({ chat: entry.chatId, entry: entry.id, attempts: entry.attempts + 1, lateSeconds: Math.round((this.#now() - entry.createdAt) / 1000) }, 'outbox: owed message delivered');
    if (entry.after !== undefined) {
      try {
        this.#options.onDelivered(entry.after, entry.chatId, messageId);
      } catch (error) {
        this.#options.logger.error({ chat: entry.chatId, entry: entry.id, err: error }, 'outbox: noting a delivered message failed');
      }
    }
    this.#settle(entry.id, { kind: 'delivered', messageId });
  }

  /** Drops an entry: `error` when Telegram refused it as a bad request (a bug of the bot), else `warn`. */
  #giveUp(entry: OutboxEntry, reason: string, level: 'warn' | 'error' = 'warn'): void {
    this.#options.store.remove(entry.id);
    this.#options.logger[level]({ chat: entry.chatId, entry: entry.id, kind: entry.message.kind, reason, ageSeconds: Math.round((this.#now() - entry.createdAt) / 1000) }, 'outbox: message dropped');
    this.#settle(entry.id, { kind: 'failed', reason });
  }

  /** One call to Telegram for an entry. */
  async #attempt(entry: OutboxEntry): Promise<{ readonly kind: 'delivered'; readonly messageId: number } | SendFailure> {
    const { api } = this.#options;
    const aborted = AbortSignal.any([this.#stopAttempts.signal, AbortSignal.timeout(this.#options.attemptTimeoutMs ?? 30_000)]);
    const signal = apiSignal(aborted);
    const { message, chatId } = entry;
    try {
      switch (message.kind) {
        case 'send': {
          const sent = await api.sendMessage(
            chatId,
            message.text,
            {
              ...(message.html ? { parse_mode: 'HTML' as const } : {}),
              ...(message.buttons === undefined ? {} : { reply_markup: message.buttons }),
              ...(message.replyTo === undefined ? {} : { reply_parameters: { message_id: message.replyTo, allow_sending_without_reply: true } }),
            },
            signal,
          );
          return { kind: 'delivered', messageId: sent.message_id };
        }
        case 'edit':
          await api.editMessageText(
            chatId,
            message.messageId,
            message.text,
            { ...(message.html ? { parse_mode: 'HTML' as const } : {}), ...(message.buttons === undefined ? {} : { reply_markup: message.buttons }) },
            signal,
          );
          return { kind: 'delivered', messageId: message.messageId };
        case 'buttons':
          await api.editMessageReplyMarkup(chatId, message.messageId, { reply_markup: message.buttons }, signal);
          return { kind: 'delivered', messageId: message.messageId };
        case 'photo': {
          const photo = entry.photo ?? new Uint8Array();
          const sent = await api.sendPhoto(chatId, new InputFile(photo, message.fileName), { caption: message.caption }, signal);
          return { kind: 'delivered', messageId: sent.message_id };
        }
      }
    } catch (error) {
      // Cut off (timeout, stop) in whatever form the error takes: the request may have reached Telegram.
      if (aborted.aborted && !(error instanceof GrammyError)) return { kind: 'retry', afterMs: undefined, maybeSent: true, reason: 'no answer in time' };
      return classifySendFailure(error);
    }
  }

  /** Wakes up when the earliest owed entry is due (nothing owed: no timer). */
  #schedule(): void {
    if (this.#stopped || this.#chains.size > 0) return;
    const due = this.#options.store.nextDue();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (due === undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drainAll();
      },
      Math.max(0, due - this.#now()),
    );
    this.#timer.unref();
  }
}
