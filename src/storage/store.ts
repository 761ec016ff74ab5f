import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AlertState } from '../alerts/alert-state.ts';
import { rollbackQuietly } from './database.ts';

/** How a recorded change ended. `pending`: started, not finished (the bot stopped in between). */
export type ChangeStatus = 'pending' | 'applied' | 'capped' | 'failed' | 'unknown';

export interface ChangeStart {
  readonly at: number;
  /** The chat the change was asked in, to report there if the bot stops while it runs. */
  readonly chatId?: number | undefined;
  readonly parentId: number;
  readonly parentName: string;
  readonly childId: string;
  readonly machineId: string;
  readonly minutes: number;
}

export interface ChangeOutcome {
  readonly status: Exclude<ChangeStatus, 'pending'>;
  readonly detail?: string;
  readonly secondsLeft?: number;
}

export interface ChangeRecord extends ChangeStart {
  readonly id: number;
  readonly status: ChangeStatus;
  readonly detail: string | undefined;
  readonly secondsLeft: number | undefined;
}

export interface AlertRecord {
  readonly at: number;
  readonly childId: string;
  readonly machineId: string;
  readonly kind: 'low' | 'up';
  readonly thresholdMinutes: number | undefined;
  readonly secondsLeft: number;
}

export type HistoryEntry = ({ readonly type: 'change' } & ChangeRecord) | ({ readonly type: 'alert' } & AlertRecord);

const changeRow = z.object({
  id: z.number(),
  at: z.number(),
  parent_id: z.number(),
  parent_name: z.string(),
  child_id: z.string(),
  machine_id: z.string(),
  minutes: z.number(),
  status: z.enum(['pending', 'applied', 'capped', 'failed', 'unknown']),
  detail: z.string().nullable(),
  seconds_left: z.number().nullable(),
  chat_id: z.number().nullable(),
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
    status: r.status,
    detail: r.detail ?? undefined,
    secondsLeft: r.seconds_left ?? undefined,
    chatId: r.chat_id ?? undefined,
  };
}

/** How long processed update IDs are kept: Telegram redelivers unconfirmed updates for at most 24 hours. */
const PROCESSED_UPDATES_KEPT_MS = 7 * 24 * 3600_000;

/** The bot's durable state: processed updates, the history of changes and alerts, and alert state. */
export class Store {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
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
        `INSERT INTO changes (at, update_id, callback_query_id, parent_id, parent_name, child_id, machine_id, minutes, status, chat_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
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
    this.#db
      .prepare('UPDATE changes SET status = ?, detail = ?, seconds_left = ? WHERE id = ?')
      .run(outcome.status, outcome.detail ?? null, outcome.secondsLeft ?? null, id);
  }

  /** The changes an update asked for, as recorded (for answering a redelivered update). */
  changesOfUpdate(updateId: number): ChangeRecord[] {
    return this.#db.prepare('SELECT * FROM changes WHERE update_id = ? ORDER BY id').all(updateId).map(toChange);
  }

  /**
   * Changes left `pending` by a bot that stopped while they ran: marked `unknown` now (they will never finish) and
   * returned, to be reported. Call once at start, before taking updates.
   */
  takeInterruptedChanges(): ChangeRecord[] {
    const interrupted = this.#db.prepare("SELECT * FROM changes WHERE status = 'pending' ORDER BY id").all().map(toChange);
    this.#db.prepare("UPDATE changes SET status = 'unknown', detail = 'the bot stopped while it ran' WHERE status = 'pending'").run();
    return interrupted;
  }

  recordAlert(alert: AlertRecord): void {
    this.#db
      .prepare('INSERT INTO alerts (at, child_id, machine_id, kind, threshold_minutes, seconds_left) VALUES (?, ?, ?, ?, ?, ?)')
      .run(alert.at, alert.childId, alert.machineId, alert.kind, alert.thresholdMinutes ?? null, alert.secondsLeft);
  }

  /** Changes and alerts since `sinceMs`, newest first; only one child's when `childId` is given. */
  history(sinceMs: number, childId?: string): HistoryEntry[] {
    const filter = childId === undefined ? '' : ' AND child_id = ?';
    const args = childId === undefined ? [sinceMs] : [sinceMs, childId];
    const changes = this.#db.prepare(`SELECT * FROM changes WHERE at >= ?${filter}`).all(...args).map((row) => ({ type: 'change' as const, ...toChange(row) }));
    const alerts = this.#db
      .prepare(`SELECT * FROM alerts WHERE at >= ?${filter}`)
      .all(...args)
      .map((row) => {
        const r = alertRow.parse(row);
        return {
          type: 'alert' as const,
          at: r.at,
          childId: r.child_id,
          machineId: r.machine_id,
          kind: r.kind,
          thresholdMinutes: r.threshold_minutes ?? undefined,
          secondsLeft: r.seconds_left,
        };
      });
    return [...changes, ...alerts].sort((a, b) => b.at - a.at);
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

  /** Forgets processed update IDs old enough that Telegram can no longer redeliver them. */
  prune(now = Date.now()): void {
    this.#db.prepare('DELETE FROM processed_updates WHERE at < ?').run(now - PROCESSED_UPDATES_KEPT_MS);
  }

  close(): void {
    this.#db.close();
  }
}
