import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { rollbackQuietly } from './database.ts';

/**
 * A change kept for a computer that could not be reached: applied, in order, when it answers again. `kept` while it
 * waits, `applying` while it runs, then `done` (its outcome is in the ledger, `changes`, for an added time; in
 * `pauses` for a pause), `cancelled` by a parent, or `dropped` at the end of its day.
 */
export interface KeptRecord {
  readonly id: number;
  readonly at: number;
  /** The local day it was asked (YYYY-MM-DD): it is dropped when that day ends. */
  readonly day: string;
  /**
   * `add`: `minutes` more (or fewer, when negative); `pause`: set the time to 0, keeping what was left; `rules`: a
   * change of house rules (`edit`, JSON the household reads), which is not about one day and is never dropped.
   */
  readonly kind: 'add' | 'pause' | 'rules';
  readonly childId: string;
  readonly machineId: string;
  readonly minutes: number;
  readonly byId: number;
  readonly byName: string;
  /** Where it was asked, to report there when it is applied, and the message with its Cancel button. */
  readonly chatId: number;
  readonly messageId: number | undefined;
  readonly status: 'kept' | 'applying' | 'done' | 'cancelled' | 'dropped';
  /** The ledger row of an added time, once it is applied. */
  readonly changeId: number | undefined;
  /** A rules change: what was asked (JSON). */
  readonly edit: string | undefined;
  /** A rules change: the update that asked for it (its Undo undoes this one too). */
  readonly updateId: number | undefined;
  /** The last day it is still worth making (an exception's); dropped after it. Undefined: a rules change waits on. */
  readonly untilDay: string | undefined;
}

export type NewKept = Pick<KeptRecord, 'at' | 'day' | 'kind' | 'childId' | 'machineId' | 'minutes' | 'byId' | 'byName' | 'chatId'> &
  Partial<Pick<KeptRecord, 'edit' | 'updateId' | 'untilDay'>>;

const keptRow = z.object({
  id: z.number(),
  at: z.number(),
  day: z.string(),
  kind: z.enum(['add', 'pause', 'rules']),
  child_id: z.string(),
  machine_id: z.string(),
  minutes: z.number(),
  by_id: z.number(),
  by_name: z.string(),
  chat_id: z.number(),
  message_id: z.number().nullable(),
  status: z.enum(['kept', 'applying', 'done', 'cancelled', 'dropped']),
  change_id: z.number().nullable(),
  edit: z.string().nullable(),
  update_id: z.number().nullable(),
  until_day: z.string().nullable(),
});

function toKept(row: unknown): KeptRecord {
  const r = keptRow.parse(row);
  return {
    id: r.id,
    at: r.at,
    day: r.day,
    kind: r.kind,
    childId: r.child_id,
    machineId: r.machine_id,
    minutes: r.minutes,
    byId: r.by_id,
    byName: r.by_name,
    chatId: r.chat_id,
    messageId: r.message_id ?? undefined,
    status: r.status,
    changeId: r.change_id ?? undefined,
    edit: r.edit ?? undefined,
    updateId: r.update_id ?? undefined,
    untilDay: r.until_day ?? undefined,
  };
}

/** Kept changes in the bot's database. Every move between states is one guarded UPDATE: it happens once. */
export class KeptStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  keep(kept: NewKept): KeptRecord {
    const row = this.#db
      .prepare(
        `INSERT INTO kept_changes (at, day, kind, child_id, machine_id, minutes, by_id, by_name, chat_id, status, edit, update_id, until_day)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'kept', ?, ?, ?) RETURNING *`,
      )
      .get(kept.at, kept.day, kept.kind, kept.childId, kept.machineId, kept.minutes, kept.byId, kept.byName, kept.chatId, kept.edit ?? null, kept.updateId ?? null, kept.untilDay ?? null);
    return toKept(row);
  }

  get(id: number): KeptRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM kept_changes WHERE id = ?').get(id);
    return row === undefined ? undefined : toKept(row);
  }

  /** Notes the message that carries the Cancel buttons of these kept changes. */
  setMessage(ids: readonly number[], messageId: number): void {
    const update = this.#db.prepare('UPDATE kept_changes SET message_id = ? WHERE id = ?');
    for (const id of ids) update.run(messageId, id);
  }

  /** The changes still waiting, oldest first: for one computer, or for all. */
  waiting(machineId?: string): KeptRecord[] {
    const rows =
      machineId === undefined
        ? this.#db.prepare("SELECT * FROM kept_changes WHERE status = 'kept' ORDER BY id").all()
        : this.#db.prepare("SELECT * FROM kept_changes WHERE status = 'kept' AND machine_id = ? ORDER BY id").all(machineId);
    return rows.map(toKept);
  }

  /** The changes still waiting whose Cancel button is on this message. */
  waitingOnMessage(chatId: number, messageId: number): KeptRecord[] {
    return this.#db.prepare("SELECT * FROM kept_changes WHERE status = 'kept' AND chat_id = ? AND message_id = ? ORDER BY id").all(chatId, messageId).map(toKept);
  }

  /**
   * Takes a waiting change to apply it: `kept` → `applying`, and for an added time a `pending` row in the ledger (the
   * same one every change goes through: a bot stopped while it runs reports it at the next start), in one transaction.
   * Undefined when it was no longer waiting (cancelled, dropped, or taken already).
   */
  claim(id: number, now: number): { readonly kept: KeptRecord; readonly changeId: number | undefined } | undefined {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const row = this.#db.prepare("UPDATE kept_changes SET status = 'applying' WHERE id = ? AND status = 'kept' RETURNING *").get(id);
      if (row === undefined) {
        this.#db.exec('ROLLBACK');
        return undefined;
      }
      const kept = toKept(row);
      let changeId: number | undefined;
      if (kept.kind === 'add') {
        changeId = Number(
          this.#db
            .prepare(
              `INSERT INTO changes (at, parent_id, parent_name, child_id, machine_id, minutes, status, chat_id)
               VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
            )
            .run(now, kept.byId, kept.byName, kept.childId, kept.machineId, kept.minutes, kept.chatId).lastInsertRowid,
        );
        this.#db.prepare('UPDATE kept_changes SET change_id = ? WHERE id = ?').run(changeId, id);
      }
      this.#db.exec('COMMIT');
      return { kept: { ...kept, status: 'applying', changeId }, changeId };
    } catch (cause) {
      rollbackQuietly(this.#db);
      throw cause;
    }
  }

  /** A claimed change that still found its computer off waits again (its ledger row says it failed). */
  release(id: number): void {
    this.#db.prepare("UPDATE kept_changes SET status = 'kept', change_id = NULL WHERE id = ? AND status = 'applying'").run(id);
  }

  /** A claimed change ran (its outcome is in the ledger or the pauses). */
  finish(id: number, now: number): void {
    this.#db.prepare("UPDATE kept_changes SET status = 'done', ended_at = ? WHERE id = ? AND status = 'applying'").run(now, id);
  }

  /**
   * Cancels a waiting change, by its Cancel button: the button's message must be the one that carries it. Undefined
   * when it was no longer waiting (or is not on that message).
   */
  cancel(id: number, byName: string, now: number, button: { readonly chatId: number; readonly messageId: number }): KeptRecord | undefined {
    const row = this.#db
      .prepare(
        `UPDATE kept_changes SET status = 'cancelled', ended_at = ?, ended_by_name = ?
         WHERE id = ? AND status = 'kept' AND chat_id = ? AND message_id = ? RETURNING *`,
      )
      .get(now, byName, id, button.chatId, button.messageId);
    return row === undefined ? undefined : toKept(row);
  }

  /** Cancels the rules changes of `updateId` kept since `sinceMs` and still waiting (an Undo took it back); returns them. */
  cancelOfUpdate(updateId: number, byName: string, now: number, sinceMs = 0): KeptRecord[] {
    return this.#db
      .prepare(
        `UPDATE kept_changes SET status = 'cancelled', ended_at = ?, ended_by_name = ?
         WHERE status = 'kept' AND kind = 'rules' AND update_id = ? AND at >= ? RETURNING *`,
      )
      .all(now, byName, updateId, sinceMs)
      .map(toKept);
  }

  /**
   * Cancels the waiting pauses of a child on a computer (she was resumed before it came back), also one being applied
   * right now (it checks {@link stillApplying} before it pauses); returns them.
   */
  cancelPauses(childId: string, machineId: string, byName: string, now: number): KeptRecord[] {
    return this.#db
      .prepare(
        `UPDATE kept_changes SET status = 'cancelled', ended_at = ?, ended_by_name = ?
         WHERE status IN ('kept', 'applying') AND kind = 'pause' AND child_id = ? AND machine_id = ? RETURNING *`,
      )
      .all(now, byName, childId, machineId)
      .map(toKept);
  }

  /**
   * Drops every change of time still waiting from a day before `today` (nothing carries into a new day's limits); a
   * rules change waits on: it is not about one day.
   */
  dropBefore(today: string, now: number): KeptRecord[] {
    return this.#db
      .prepare("UPDATE kept_changes SET status = 'dropped', ended_at = ? WHERE status = 'kept' AND ((kind != 'rules' AND day < ?) OR until_day < ?) RETURNING *")
      .all(now, today, today)
      .map(toKept);
  }

  /** Whether a claimed change is still being applied (not cancelled meanwhile). */
  stillApplying(id: number): boolean {
    return this.#db.prepare("SELECT 1 FROM kept_changes WHERE id = ? AND status = 'applying'").get(id) !== undefined;
  }

  /**
   * At start, for what a stopped bot was applying: an added time is done (its ledger row is reported as interrupted);
   * a pause waits again (applying it again finds the pause if it was made, and says so). Returns how many.
   */
  settleApplying(now: number): number {
    const added = this.#db.prepare("UPDATE kept_changes SET status = 'done', ended_at = ? WHERE status = 'applying' AND kind = 'add'").run(now).changes;
    // A pause or a rules change waits again: applying it again finds it made, if it was, and writes nothing twice.
    const paused = this.#db.prepare("UPDATE kept_changes SET status = 'kept' WHERE status = 'applying' AND kind IN ('pause', 'rules')").run().changes;
    return Number(added) + Number(paused);
  }
}
