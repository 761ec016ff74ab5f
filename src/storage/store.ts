import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AlertState } from './alert-state.ts';
import { AskStore, type AskRecord } from './asks.ts';
import { KeptStore } from './kept.ts';
import { OutboxStore } from './outbox.ts';
import { toLastSeen, type LastSeen } from './last-seen.ts';
import { PauseStore } from './pauses.ts';
import { RulesLedger, type RulesChangeRecord } from './rules-ledger.ts';
import { ExceptionStore } from './exceptions.ts';
import { ProfileStore } from './profiles.ts';
import { UsageStore } from './usage.ts';

export type { LastSeen };
import { rollbackQuietly } from './database.ts';

/**
 * How a change ended, as facts (kinds and numbers); the words are made when it is shown. `failure` is the kind of
 * failure the computer or the connection reported (e.g. `timeout`, `unknown-user`).
 * - `applied` / `capped`: done, with the time left read right after (`capped`: the clock kept it below what was given).
 * - `not-read-back`: done, but the new time could not be read.
 * - `failed`: not done.
 * - `unknown`: the command may have run (the connection broke while it ran).
 * - `interrupted`: the bot stopped while it ran; whether it was done is unknown.
 */
export type ChangeOutcome =
  | { readonly kind: 'applied' | 'capped'; readonly secondsLeft: number }
  | { readonly kind: 'not-read-back' | 'failed' | 'unknown'; readonly failure: string }
  | { readonly kind: 'interrupted' };

/** A change's state in the ledger: `pending` until it ends (it stays so if the bot stops in between). */
export type ChangeState = { readonly kind: 'pending' } | ChangeOutcome;

export interface ChangeStart {
  readonly at: number;
  /** The chat the change was asked in, to report there if the bot stops while it runs. */
  readonly chatId?: number | undefined;
  readonly parentId: number;
  readonly parentName: string;
  readonly childId: string;
  readonly machineId: string;
  readonly minutes: number;
  /** PlayTime minutes, not the day's time. */
  readonly play?: boolean | undefined;
}

export interface ChangeRecord extends ChangeStart {
  readonly id: number;
  readonly outcome: ChangeState;
}

export interface AlertRecord {
  readonly at: number;
  readonly childId: string;
  readonly machineId: string;
  readonly kind: 'low' | 'up';
  readonly thresholdMinutes: number | undefined;
  readonly secondsLeft: number;
}

export type HistoryEntry =
  | { readonly kind: 'change'; readonly change: ChangeRecord }
  | { readonly kind: 'alert'; readonly alert: AlertRecord }
  | { readonly kind: 'ask'; readonly ask: AskRecord }
  | { readonly kind: 'rules'; readonly rules: RulesChangeRecord };

/** The change states as stored in `changes.status`. */
const CHANGE_STATES = ['pending', 'applied', 'capped', 'not-read-back', 'failed', 'unknown', 'interrupted'] as const;

const changeRow = z.object({
  id: z.number(),
  at: z.number(),
  parent_id: z.number(),
  parent_name: z.string(),
  child_id: z.string(),
  machine_id: z.string(),
  minutes: z.number(),
  status: z.enum(CHANGE_STATES),
  failure: z.string().nullable(),
  seconds_left: z.number().nullable(),
  chat_id: z.number().nullable(),
  play: z.number(),
});
const alertRow = z.object({
  at: z.number(),
  child_id: z.string(),
  machine_id: z.string(),
  kind: z.enum(['low', 'up']),
  threshold_minutes: z.number().nullable(),
  seconds_left: z.number(),
});
const alertStateRow = z.object({ day: z.string(), sent_thresholds: z.string(), time_up_sent: z.number() });
const thresholdList = z.array(z.number().int());


/** A row's state; a row written by an older version may lack a failure kind or seconds left. */
function stateOf(r: z.infer<typeof changeRow>): ChangeState {
  switch (r.status) {
    case 'pending':
    case 'interrupted':
      return { kind: r.status };
    case 'applied':
    case 'capped':
      return r.seconds_left === null ? { kind: 'not-read-back', failure: 'unknown' } : { kind: r.status, secondsLeft: r.seconds_left };
    case 'not-read-back':
    case 'failed':
    case 'unknown':
      return { kind: r.status, failure: r.failure ?? 'unknown' };
  }
}

function toChange(row: unknown): ChangeRecord {
  const r = changeRow.parse(row);
  return {
    id: r.id,
    at: r.at,
    parentId: r.parent_id,
    parentName: r.parent_name,
    childId: r.child_id,
    machineId: r.machine_id,
    minutes: r.minutes,
    chatId: r.chat_id ?? undefined,
    ...(r.play === 1 ? { play: true } : {}),
    outcome: stateOf(r),
  };
}

function toAlert(row: unknown): AlertRecord {
  const r = alertRow.parse(row);
  return {
    at: r.at,
    childId: r.child_id,
    machineId: r.machine_id,
    kind: r.kind,
    thresholdMinutes: r.threshold_minutes ?? undefined,
    secondsLeft: r.seconds_left,
  };
}

/** How long processed update IDs are kept: Telegram redelivers unconfirmed updates for at most 24 hours. */
const PROCESSED_UPDATES_KEPT_MS = 7 * 24 * 3600_000;

/** The bot's durable state: processed updates, the history of changes and alerts, alert state, children's requests. */
export class Store {
  readonly #db: DatabaseSync;
  /** Children's requests for more time, in the same database. */
  readonly asks: AskStore;
  /** Pauses of children's time, in the same database. */
  readonly pauses: PauseStore;
  /** Changes kept for computers that were off, in the same database. */
  readonly kept: KeptStore;
  /** Time used per day, for reports, in the same database. */
  readonly usage: UsageStore;
  /** Messages owed to chats, in the same database. */
  readonly outbox: OutboxStore;
  /** Changes of house rules, in the same database. */
  readonly rules: RulesLedger;
  /** Which profile each child follows, what the bot expects on each computer, differences reported. */
  readonly profiles: ProfileStore;
  /** Exceptions to the house rules that end by themselves. */
  readonly exceptions: ExceptionStore;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.asks = new AskStore(db);
    this.pauses = new PauseStore(db);
    this.kept = new KeptStore(db);
    this.usage = new UsageStore(db);
    this.outbox = new OutboxStore(db);
    this.rules = new RulesLedger(db);
    this.profiles = new ProfileStore(db);
    this.exceptions = new ExceptionStore(db);
  }

  /** Records that `updateId` is being acted on; false when it was seen before (then nothing may run again). */
  claimUpdate(updateId: number, callbackQueryId: string | undefined, now = Date.now()): boolean {
    const claimed = this.#db
      .prepare('INSERT OR IGNORE INTO processed_updates (update_id, at, callback_query_id) VALUES (?, ?, ?)')
      .run(updateId, now, callbackQueryId ?? null);
    return claimed.changes > 0;
  }

  /**
   * Records that `updateId` is being acted on, together with the changes it asks for (as `pending`), in one
   * transaction, before anything is run. Returns the change ids, or undefined if this update was seen before: then
   * nothing may be run again.
   */
  beginUpdate(updateId: number, callbackQueryId: string | undefined, changes: readonly ChangeStart[], now = Date.now()): number[] | undefined {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const claimed = this.#db
        .prepare('INSERT OR IGNORE INTO processed_updates (update_id, at, callback_query_id) VALUES (?, ?, ?)')
        .run(updateId, now, callbackQueryId ?? null);
      if (claimed.changes === 0) {
        this.#db.exec('ROLLBACK');
        return undefined;
      }
      const insert = this.#db.prepare(
        `INSERT INTO changes (at, update_id, callback_query_id, parent_id, parent_name, child_id, machine_id, minutes, status, chat_id, play)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      );
      const ids = changes.map((change) =>
        Number(
          insert.run(
            change.at,
            updateId,
            callbackQueryId ?? null,
            change.parentId,
            change.parentName,
            change.childId,
            change.machineId,
            change.minutes,
            change.chatId ?? null,
            change.play === true ? 1 : 0,
          ).lastInsertRowid,
        ),
      );
      this.#db.exec('COMMIT');
      return ids;
    } catch (cause) {
      rollbackQuietly(this.#db);
      throw cause;
    }
  }

  finishChange(id: number, outcome: ChangeOutcome): void {
    const secondsLeft = outcome.kind === 'applied' || outcome.kind === 'capped' ? outcome.secondsLeft : null;
    const failure = outcome.kind === 'not-read-back' || outcome.kind === 'failed' || outcome.kind === 'unknown' ? outcome.failure : null;
    this.#db.prepare('UPDATE changes SET status = ?, failure = ?, seconds_left = ? WHERE id = ?').run(outcome.kind, failure, secondsLeft, id);
  }

  /** The changes an update asked for, as recorded (for answering a redelivered update). */
  changesOfUpdate(updateId: number): ChangeRecord[] {
    return this.#db.prepare('SELECT * FROM changes WHERE update_id = ? ORDER BY id').all(updateId).map(toChange);
  }

  /**
   * Changes left `pending` by a bot that stopped while they ran: marked `interrupted` now (they will never finish) and
   * returned, to be reported. Call once at start, before taking updates.
   */
  takeInterruptedChanges(): ChangeRecord[] {
    const interrupted = this.#db.prepare("SELECT * FROM changes WHERE status = 'pending' ORDER BY id").all().map(toChange);
    this.#db.prepare("UPDATE changes SET status = 'interrupted' WHERE status = 'pending'").run();
    return interrupted;
  }

  recordAlert(alert: AlertRecord): void {
    this.#db
      .prepare('INSERT INTO alerts (at, child_id, machine_id, kind, threshold_minutes, seconds_left) VALUES (?, ?, ?, ?, ?, ?)')
      .run(alert.at, alert.childId, alert.machineId, alert.kind, alert.thresholdMinutes ?? null, alert.secondsLeft);
  }

  /** Changes, alerts and children's requests since `sinceMs`, newest first; only one child's when `childId` is given. */
  history(sinceMs: number, childId?: string): HistoryEntry[] {
    const filter = childId === undefined ? '' : ' AND child_id = ?';
    const args = childId === undefined ? [sinceMs] : [sinceMs, childId];
    const changes = this.#db
      .prepare(`SELECT * FROM changes WHERE at >= ?${filter}`)
      .all(...args)
      .map((row): HistoryEntry => ({ kind: 'change', change: toChange(row) }));
    const alerts = this.#db
      .prepare(`SELECT * FROM alerts WHERE at >= ?${filter}`)
      .all(...args)
      .map((row): HistoryEntry => ({ kind: 'alert', alert: toAlert(row) }));
    const asks = this.asks.since(sinceMs, childId).map((ask): HistoryEntry => ({ kind: 'ask', ask }));
    const rules = this.rules.since(sinceMs, childId).map((record): HistoryEntry => ({ kind: 'rules', rules: record }));
    return [...changes, ...alerts, ...asks, ...rules].sort((a, b) => atOf(b) - atOf(a));
  }

  loadAlertState(childId: string, machineId: string): AlertState | undefined {
    const row = this.#db.prepare('SELECT day, sent_thresholds, time_up_sent FROM alert_state WHERE child_id = ? AND machine_id = ?').get(childId, machineId);
    if (row === undefined) return undefined;
    const r = alertStateRow.parse(row);
    return { day: r.day, sent: thresholdList.parse(JSON.parse(r.sent_thresholds)), timeUpSent: r.time_up_sent === 1 };
  }

  saveAlertState(childId: string, machineId: string, state: AlertState): void {
    this.#db
      .prepare(
        `INSERT INTO alert_state (child_id, machine_id, day, sent_thresholds, time_up_sent) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (child_id, machine_id) DO UPDATE SET day = excluded.day, sent_thresholds = excluded.sent_thresholds,
           time_up_sent = excluded.time_up_sent`,
      )
      .run(childId, machineId, state.day, JSON.stringify(state.sent), state.timeUpSent ? 1 : 0);
  }

  /**
   * Notes that a computer answered at `at`. `loggedIn`: the children logged in on it then, when they were read (a
   * change or a list of users says nothing about them: the last known ones are kept).
   */
  recordSeen(machineId: string, at: number, loggedIn?: readonly string[]): void {
    if (loggedIn === undefined) {
      this.#db
        .prepare('INSERT INTO machine_seen (machine_id, at) VALUES (?, ?) ON CONFLICT (machine_id) DO UPDATE SET at = max(at, excluded.at)')
        .run(machineId, at);
      return;
    }
    this.#db
      .prepare(
        `INSERT INTO machine_seen (machine_id, at, logged_in) VALUES (?, ?, ?)
         ON CONFLICT (machine_id) DO UPDATE SET at = excluded.at, logged_in = excluded.logged_in WHERE excluded.at >= machine_seen.at`,
      )
      .run(machineId, at, JSON.stringify(loggedIn));
  }

  /** When the computer last answered, and who was logged in then; undefined if it never did. */
  lastSeen(machineId: string): LastSeen | undefined {
    const row = this.#db.prepare('SELECT machine_id, at, logged_in FROM machine_seen WHERE machine_id = ?').get(machineId);
    return row === undefined ? undefined : toLastSeen(row).seen;
  }

  /** Forgets processed update IDs old enough that Telegram can no longer redeliver them. */
  prune(now = Date.now()): void {
    this.#db.prepare('DELETE FROM processed_updates WHERE at < ?').run(now - PROCESSED_UPDATES_KEPT_MS);
  }

  close(): void {
    this.#db.close();
  }
}

export function atOf(entry: HistoryEntry): number {
  switch (entry.kind) {
    case 'change':
      return entry.change.at;
    case 'alert':
      return entry.alert.at;
    case 'ask':
      return entry.ask.at;
    case 'rules':
      return entry.rules.at;
  }
}
