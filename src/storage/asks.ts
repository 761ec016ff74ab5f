import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

/** A child's request for more time, as it is made. */
export interface NewAsk {
  readonly at: number;
  readonly childId: string;
  /** The child's Telegram user, the chat and the message of their /ask (the answer replies to it). */
  readonly askerId: number;
  readonly chatId: number;
  readonly messageId: number;
  readonly minutes: number;
  readonly reason: string | undefined;
  /** The computer it concerns (the one the child is logged in on); undefined: the parent picks. */
  readonly machineId: string | undefined;
  readonly expiresAt: number;
  /** The language the child was answered in (a code such as `de`), for telling them the outcome; none: the default. */
  readonly language?: string | undefined;
}

/**
 * A child's request for more time, as stored. `open` until a parent answers (`given`, `denied`) or it runs out
 * (`expired`); the first answer wins, exactly once (a conditional update: only an open, unexpired request changes).
 */
export interface AskRecord extends NewAsk {
  readonly id: number;
  readonly state: AskState;
}

export type AskState =
  | { readonly kind: 'open' }
  | { readonly kind: 'expired' }
  | ({ readonly kind: 'denied' } & AskAnswerer)
  | ({
      readonly kind: 'given';
      readonly minutes: number;
      /** A machine id, or `*` for every computer of the child. */
      readonly machine: string;
      /** Time left after it, on that computer; undefined until known (or when it could not be read). */
      readonly secondsLeft: number | undefined;
      /** The kind of failure, when giving did not (surely) work. */
      readonly failure: string | undefined;
    } & AskAnswerer);

export interface AskAnswerer {
  readonly at: number;
  readonly byId: number;
  readonly byName: string;
}

export type AskAnswer =
  | { readonly kind: 'give'; readonly minutes: number; readonly machine: string; readonly byId: number; readonly byName: string }
  | { readonly kind: 'deny'; readonly byId: number; readonly byName: string };

/** What a parent's answer did: it won (the request was open), or someone answered first, or it had run out. */
export type ClaimResult = { readonly kind: 'claimed'; readonly ask: AskRecord } | { readonly kind: 'closed'; readonly ask: AskRecord } | { readonly kind: 'unknown' };

export interface AskMessage {
  readonly chatId: number;
  readonly messageId: number;
}

const askRow = z.object({
  id: z.number(),
  at: z.number(),
  child_id: z.string(),
  asker_id: z.number(),
  chat_id: z.number(),
  message_id: z.number(),
  minutes: z.number(),
  reason: z.string().nullable(),
  machine_id: z.string().nullable(),
  expires_at: z.number(),
  status: z.enum(['open', 'given', 'denied', 'expired']),
  answered_at: z.number().nullable(),
  answered_by: z.number().nullable(),
  answered_by_name: z.string().nullable(),
  given_minutes: z.number().nullable(),
  given_machine: z.string().nullable(),
  seconds_left: z.number().nullable(),
  failure: z.string().nullable(),
  language: z.string().nullable(),
});

function toAsk(row: unknown): AskRecord {
  const r = askRow.parse(row);
  const answerer: AskAnswerer = { at: r.answered_at ?? r.at, byId: r.answered_by ?? 0, byName: r.answered_by_name ?? '?' };
  const state: AskState =
    r.status === 'given'
      ? { kind: 'given', ...answerer, minutes: r.given_minutes ?? r.minutes, machine: r.given_machine ?? '*', secondsLeft: r.seconds_left ?? undefined, failure: r.failure ?? undefined }
      : r.status === 'denied'
        ? { kind: 'denied', ...answerer }
        : { kind: r.status };
  return {
    id: r.id,
    at: r.at,
    childId: r.child_id,
    askerId: r.asker_id,
    chatId: r.chat_id,
    messageId: r.message_id,
    minutes: r.minutes,
    reason: r.reason ?? undefined,
    machineId: r.machine_id ?? undefined,
    expiresAt: r.expires_at,
    ...(r.language === null ? {} : { language: r.language }),
    state,
  };
}

const messageRow = z.object({ chat_id: z.number(), message_id: z.number() });

/** Children's requests in the bot's database (the same file as the ledger). */
export class AskStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  create(ask: NewAsk): AskRecord {
    const { lastInsertRowid } = this.#db
      .prepare(
        `INSERT INTO asks (at, child_id, asker_id, chat_id, message_id, minutes, reason, machine_id, expires_at, status, language)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      )
      .run(ask.at, ask.childId, ask.askerId, ask.chatId, ask.messageId, ask.minutes, ask.reason ?? null, ask.machineId ?? null, ask.expiresAt, ask.language ?? null);
    const created = this.get(Number(lastInsertRowid));
    if (created === undefined) throw new Error('a request just stored cannot be read back');
    return created;
  }

  /** Names the computer a request concerns, once the child's computers have been read. */
  setMachine(id: number, machineId: string | undefined): AskRecord | undefined {
    this.#db.prepare('UPDATE asks SET machine_id = ? WHERE id = ?').run(machineId ?? null, id);
    return this.get(id);
  }

  get(id: number): AskRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM asks WHERE id = ?').get(id);
    return row === undefined ? undefined : toAsk(row);
  }

  /** The child's request that is still open at `now`, if any. */
  openAsk(childId: string, now: number): AskRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM asks WHERE child_id = ? AND status = 'open' AND expires_at > ? ORDER BY at DESC LIMIT 1").get(childId, now);
    return row === undefined ? undefined : toAsk(row);
  }

  /** When a parent last said no to the child, if ever. */
  lastDenied(childId: string): number | undefined {
    const row = this.#db.prepare("SELECT max(answered_at) AS at FROM asks WHERE child_id = ? AND status = 'denied'").get(childId) as { at: number | null } | undefined;
    return row?.at ?? undefined;
  }

  /** The first answer wins: changes the request only if it is open and not run out at `now`. */
  claim(id: number, answer: AskAnswer, now: number): ClaimResult {
    const changed =
      answer.kind === 'give'
        ? this.#db
            .prepare(
              `UPDATE asks SET status = 'given', answered_at = ?, answered_by = ?, answered_by_name = ?, given_minutes = ?, given_machine = ?
               WHERE id = ? AND status = 'open' AND expires_at > ?`,
            )
            .run(now, answer.byId, answer.byName, answer.minutes, answer.machine, id, now)
        : this.#db
            .prepare(`UPDATE asks SET status = 'denied', answered_at = ?, answered_by = ?, answered_by_name = ? WHERE id = ? AND status = 'open' AND expires_at > ?`)
            .run(now, answer.byId, answer.byName, id, now);
    const ask = this.get(id);
    if (ask === undefined) return { kind: 'unknown' };
    return Number(changed.changes) === 1 ? { kind: 'claimed', ask } : { kind: 'closed', ask };
  }

  /** What giving did: the time left after it, or the kind of failure. */
  finishGiven(id: number, outcome: { readonly secondsLeft: number | undefined; readonly failure: string | undefined }): AskRecord | undefined {
    this.#db.prepare("UPDATE asks SET seconds_left = ?, failure = ? WHERE id = ? AND status = 'given'").run(outcome.secondsLeft ?? null, outcome.failure ?? null, id);
    return this.get(id);
  }

  /** Giving surely did not happen (nothing was run): the request is open again, for any parent to answer. */
  reopen(id: number): AskRecord | undefined {
    this.#db
      .prepare(
        `UPDATE asks SET status = 'open', answered_at = NULL, answered_by = NULL, answered_by_name = NULL, given_minutes = NULL,
           given_machine = NULL, seconds_left = NULL, failure = NULL WHERE id = ? AND status = 'given'`,
      )
      .run(id);
    return this.get(id);
  }

  /** Marks every open request that has run out at `now` as expired, and returns them. */
  expire(now: number): AskRecord[] {
    return this.#db
      .prepare("UPDATE asks SET status = 'expired', answered_at = expires_at WHERE status = 'open' AND expires_at <= ? RETURNING *")
      .all(now)
      .map(toAsk);
  }

  /** Ends one open request as expired now (say, it reached no parent). */
  expireOne(id: number, now: number): void {
    this.#db.prepare("UPDATE asks SET status = 'expired', answered_at = ?, expires_at = min(expires_at, ?) WHERE id = ? AND status = 'open'").run(now, now, id);
  }

  addMessage(id: number, message: AskMessage): void {
    this.#db.prepare('INSERT OR IGNORE INTO ask_messages (ask_id, chat_id, message_id) VALUES (?, ?, ?)').run(id, message.chatId, message.messageId);
  }

  /** Every copy of the request message sent to parents. */
  messages(id: number): AskMessage[] {
    return this.#db
      .prepare('SELECT chat_id, message_id FROM ask_messages WHERE ask_id = ?')
      .all(id)
      .map((row) => {
        const r = messageRow.parse(row);
        return { chatId: r.chat_id, messageId: r.message_id };
      });
  }

  /** Requests since `sinceMs` (for /history); only one child's when `childId` is given. */
  since(sinceMs: number, childId?: string): AskRecord[] {
    const filter = childId === undefined ? '' : ' AND child_id = ?';
    const args = childId === undefined ? [sinceMs] : [sinceMs, childId];
    return this.#db.prepare(`SELECT * FROM asks WHERE at >= ?${filter}`).all(...args).map(toAsk);
  }
}
