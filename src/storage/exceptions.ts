import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

/**
 * Exceptions to the house rules that end by themselves (`/tonight`, `/today`, `/tomorrow`), one row per computer:
 * the weekday they changed, what they replaced and what they wrote (JSON the household owns), and when they end.
 * - `active`: in force, restored at `endsAt` (also later: after a restart, or when a computer that was off is back);
 * - `restoring` while that runs; then `restored`, or `kept` when a parent's later change was left as it was;
 * - `undone` by an Undo; `failed` when there was nothing to restore it on (no account any more).
 */
export type ExceptionStatus = 'active' | 'restoring' | 'restored' | 'kept' | 'undone' | 'failed';

export interface ExceptionRecord {
  readonly id: number;
  readonly at: number;
  readonly updateId: number | undefined;
  readonly childId: string;
  readonly machineId: string;
  readonly weekday: number;
  /** What was asked (JSON). */
  readonly exception: string;
  /** The day's rules it replaced and those it wrote (JSON). */
  readonly before: string;
  readonly wrote: string;
  readonly endsAt: number;
  readonly byId: number;
  readonly byName: string;
  readonly chatId: number | undefined;
  readonly status: ExceptionStatus;
}

export type NewException = Omit<ExceptionRecord, 'id' | 'status'>;

const STATUSES = ['active', 'restoring', 'restored', 'kept', 'undone', 'failed'] as const;

const row = z.object({
  id: z.number(),
  at: z.number(),
  update_id: z.number().nullable(),
  child_id: z.string(),
  machine_id: z.string(),
  weekday: z.number(),
  exception: z.string(),
  before: z.string(),
  wrote: z.string(),
  ends_at: z.number(),
  by_id: z.number(),
  by_name: z.string(),
  chat_id: z.number().nullable(),
  status: z.enum(STATUSES),
});

function toRecord(value: unknown): ExceptionRecord {
  const r = row.parse(value);
  return {
    id: r.id,
    at: r.at,
    updateId: r.update_id ?? undefined,
    childId: r.child_id,
    machineId: r.machine_id,
    weekday: r.weekday,
    exception: r.exception,
    before: r.before,
    wrote: r.wrote,
    endsAt: r.ends_at,
    byId: r.by_id,
    byName: r.by_name,
    chatId: r.chat_id ?? undefined,
    status: r.status,
  };
}

export class ExceptionStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  add(exception: NewException): ExceptionRecord {
    const id = Number(
      this.#db
        .prepare(
          `INSERT INTO rule_exceptions (at, update_id, child_id, machine_id, weekday, exception, before, wrote, ends_at, by_id, by_name, chat_id, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
        )
        .run(
          exception.at,
          exception.updateId ?? null,
          exception.childId,
          exception.machineId,
          exception.weekday,
          exception.exception,
          exception.before,
          exception.wrote,
          exception.endsAt,
          exception.byId,
          exception.byName,
          exception.chatId ?? null,
        ).lastInsertRowid,
    );
    return { ...exception, id, status: 'active' };
  }

  /** Exceptions in force (a child's, when given), oldest first. */
  active(childId?: string): ExceptionRecord[] {
    const rows =
      childId === undefined
        ? this.#db.prepare("SELECT * FROM rule_exceptions WHERE status = 'active' ORDER BY id").all()
        : this.#db.prepare("SELECT * FROM rule_exceptions WHERE status = 'active' AND child_id = ? ORDER BY id").all(childId);
    return rows.map(toRecord);
  }

  /** Exceptions not put back yet (a child's): in force, or ended and waiting for their computer; oldest first. */
  notEnded(childId: string): ExceptionRecord[] {
    return this.#db
      .prepare("SELECT * FROM rule_exceptions WHERE status IN ('active', 'restoring') AND child_id = ? ORDER BY id")
      .all(childId)
      .map(toRecord);
  }

  /** Exceptions that have ended by `now` and are not restored yet (one computer's, when given), newest first. */
  due(now: number, machineId?: string): ExceptionRecord[] {
    const rows =
      machineId === undefined
        ? this.#db.prepare("SELECT * FROM rule_exceptions WHERE status = 'active' AND ends_at <= ? ORDER BY id DESC").all(now)
        : this.#db.prepare("SELECT * FROM rule_exceptions WHERE status = 'active' AND ends_at <= ? AND machine_id = ? ORDER BY id DESC").all(now, machineId);
    return rows.map(toRecord);
  }

  /** What an exception in force puts back at its end, and what counts as its own, when a later change moved them (JSON). */
  rebase(id: number, before: string, wrote: string): void {
    this.#db.prepare("UPDATE rule_exceptions SET before = ?, wrote = ? WHERE id = ? AND status = 'active'").run(before, wrote, id);
  }

  /** Claims one for restoring; undefined when another run (or an Undo) took it first. */
  claim(id: number): ExceptionRecord | undefined {
    const found = this.#db.prepare("UPDATE rule_exceptions SET status = 'restoring' WHERE id = ? AND status = 'active' RETURNING *").get(id);
    return found === undefined ? undefined : toRecord(found);
  }

  /** A claimed one waits again (its computer could not be reached). */
  release(id: number): void {
    this.#db.prepare("UPDATE rule_exceptions SET status = 'active' WHERE id = ? AND status = 'restoring'").run(id);
  }

  /** How a claimed one ended (one an Undo took meanwhile stays undone). */
  finish(id: number, status: 'restored' | 'kept' | 'failed', now: number): void {
    this.#db.prepare("UPDATE rule_exceptions SET status = ?, ended_at = ? WHERE id = ? AND status = 'restoring'").run(status, now, id);
  }

  /**
   * An Undo of `updateId` took its exceptions back (on `machineIds`, when given: where it could restore): they are not
   * restored again. Returns how many.
   */
  undoUpdate(updateId: number, now: number, machineIds?: readonly string[]): number {
    const machines = machineIds === undefined ? null : JSON.stringify(machineIds);
    return Number(
      this.#db
        .prepare(
          `UPDATE rule_exceptions SET status = 'undone', ended_at = ?
           WHERE update_id = ? AND status IN ('active', 'restoring') AND (? IS NULL OR machine_id IN (SELECT value FROM json_each(?)))`,
        )
        .run(now, updateId, machines, machines).changes,
    );
  }

  /** At start: what a stopped bot was restoring waits again (restoring compares first, so it is never done twice). */
  settleRestoring(): number {
    return Number(this.#db.prepare("UPDATE rule_exceptions SET status = 'active' WHERE status = 'restoring'").run().changes);
  }
}
