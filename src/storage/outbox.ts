import type { DatabaseSync } from 'node:sqlite';
import type { ForceReply, InlineKeyboardMarkup } from 'grammy/types';
import { z } from 'zod';

/** Inline buttons as Telegram takes them (the bot's own, written by it: their shape is checked, not each field). */
const inlineKeyboardSchema = z.custom<InlineKeyboardMarkup>(
  (value) => typeof value === 'object' && value !== null && 'inline_keyboard' in value && Array.isArray(value.inline_keyboard),
  { error: 'not inline buttons' },
);
/** "Reply to this message" (the step-by-step /add asks for typed minutes so). */
const forceReplySchema = z.custom<ForceReply>((value) => typeof value === 'object' && value !== null && 'force_reply' in value && value.force_reply === true, {
  error: 'not a forced reply',
});

/** What one outbox entry makes Telegram do. Stored as JSON; a photo's PNG is stored beside it. */
const outgoingSchema = z.discriminatedUnion('kind', [
  /** A new text message, optionally as a reply to `replyTo` (sent without it if that message is gone). */
  z.object({
    kind: z.literal('send'),
    text: z.string(),
    html: z.boolean(),
    buttons: z.union([inlineKeyboardSchema, forceReplySchema]).optional(),
    replyTo: z.number().int().optional(),
  }),
  /** A message's new text (and buttons: none given, none left). One that can no longer be edited is sent anew. */
  z.object({ kind: z.literal('edit'), messageId: z.number().int(), text: z.string(), html: z.boolean(), buttons: inlineKeyboardSchema.optional() }),
  /** Only a message's buttons (stale ones removed, or the ones still valid). Nothing to do if the message is gone. */
  z.object({ kind: z.literal('buttons'), messageId: z.number().int(), buttons: inlineKeyboardSchema }),
  /** A chart: the PNG is kept in the entry's `photo`. */
  z.object({ kind: z.literal('photo'), caption: z.string(), fileName: z.string() }),
]);
export type Outgoing = z.infer<typeof outgoingSchema>;

/** What to note once an entry is delivered, with the message's id: which message carries a request's or change's buttons. */
const afterDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kept-buttons'), keptIds: z.array(z.number().int()) }),
  z.object({ kind: z.literal('ask-copy'), askId: z.number().int() }),
]);
export type AfterDelivery = z.infer<typeof afterDeliverySchema>;

export interface OutboxEntry {
  readonly id: number;
  readonly chatId: number;
  readonly createdAt: number;
  /** Past this moment it is dropped, never sent. */
  readonly expiresAt: number;
  readonly message: Outgoing;
  readonly photo: Uint8Array | undefined;
  readonly after: AfterDelivery | undefined;
  readonly attempts: number;
  /** Attempts whose answer was lost: Telegram may have taken them. */
  readonly uncertain: number;
  /** Not to be tried before this moment. */
  readonly nextAt: number;
}

export interface NewOutboxEntry {
  readonly chatId: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly message: Outgoing;
  readonly photo?: Uint8Array | undefined;
  readonly after?: AfterDelivery | undefined;
}

const outboxRow = z.object({
  id: z.number(),
  chat_id: z.number(),
  created_at: z.number(),
  expires_at: z.number(),
  message: z.string(),
  photo: z.instanceof(Uint8Array).nullable(),
  after: z.string().nullable(),
  attempts: z.number(),
  uncertain: z.number(),
  next_at: z.number(),
});

function toEntry(row: unknown): OutboxEntry {
  const r = outboxRow.parse(row);
  return {
    id: r.id,
    chatId: r.chat_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    message: outgoingSchema.parse(JSON.parse(r.message)),
    photo: r.photo ?? undefined,
    after: r.after === null ? undefined : afterDeliverySchema.parse(JSON.parse(r.after)),
    attempts: r.attempts,
    uncertain: r.uncertain,
    nextAt: r.next_at,
  };
}

/**
 * Messages owed to chats, in the bot's database: written before the first attempt, removed when Telegram took them or
 * they were given up. An entry is delivered only after every earlier one of its chat.
 */
export class OutboxStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Keeps a new entry, due now. Returns its id. */
  add(entry: NewOutboxEntry): number {
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO outbox (chat_id, created_at, expires_at, message, photo, after, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.chatId, entry.createdAt, entry.expiresAt, JSON.stringify(entry.message), entry.photo ?? null, entry.after === undefined ? null : JSON.stringify(entry.after), entry.createdAt);
    return Number(lastInsertRowid);
  }

  /** The chat's oldest entry still owed. */
  head(chatId: number): OutboxEntry | undefined {
    const row = this.#db.prepare('SELECT * FROM outbox WHERE chat_id = ? ORDER BY id LIMIT 1').get(chatId);
    return row === undefined ? undefined : toEntry(row);
  }

  /** The chats that are owed something. */
  chats(): number[] {
    return this.#db
      .prepare('SELECT DISTINCT chat_id FROM outbox')
      .all()
      .map((row) => z.object({ chat_id: z.number() }).parse(row).chat_id);
  }

  /** When the earliest chat's oldest entry is due (the others wait behind theirs). */
  nextDue(): number | undefined {
    const row = z
      .object({ due: z.number().nullable() })
      .parse(this.#db.prepare('SELECT MIN(next_at) AS due FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY chat_id)').get());
    return row.due ?? undefined;
  }

  /** How many entries are owed. */
  count(): number {
    return z.object({ n: z.number() }).parse(this.#db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).n;
  }

  /** Notes that an attempt starts: if the bot stops before it ends, the attempt counts as one whose answer was lost. */
  beginAttempt(id: number): void {
    this.#db.prepare('UPDATE outbox SET in_flight = 1, attempts = attempts + 1 WHERE id = ?').run(id);
  }

  /** An attempt failed: tried again from `nextAt`; `uncertain` when Telegram may have taken it anyway. */
  postpone(id: number, nextAt: number, uncertain: boolean): void {
    this.#db.prepare('UPDATE outbox SET in_flight = 0, next_at = ?, uncertain = uncertain + ? WHERE id = ?').run(nextAt, uncertain ? 1 : 0, id);
  }

  /**
   * What an entry makes Telegram do, replaced (an edit that can no longer be made becomes a new message). The new
   * message was never sent: lost answers of the old one do not count for it.
   */
  replace(id: number, message: Outgoing): void {
    this.#db.prepare('UPDATE outbox SET message = ?, uncertain = 0 WHERE id = ?').run(JSON.stringify(message), id);
  }

  /** The chat's oldest entry, removed without reading it (one that cannot be read any more). */
  removeHead(chatId: number): void {
    this.#db.prepare('DELETE FROM outbox WHERE id = (SELECT MIN(id) FROM outbox WHERE chat_id = ?)').run(chatId);
  }

  /** Delivered or given up: gone. */
  remove(id: number): void {
    this.#db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  /** Every entry owed now (bench, tests, the start-up log). */
  all(): OutboxEntry[] {
    return this.#db.prepare('SELECT * FROM outbox ORDER BY id').all().map(toEntry);
  }

  /**
   * At start: attempts the bot was making when it stopped may have reached Telegram; they count as uncertain. Returns
   * how many entries are owed.
   */
  settleInFlight(): number {
    this.#db.prepare('UPDATE outbox SET in_flight = 0, uncertain = uncertain + 1 WHERE in_flight = 1').run();
    return this.count();
  }
}
