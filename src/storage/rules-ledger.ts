import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { rollbackQuietly } from './database.ts';

/**
 * How a rules change on one computer ended, as facts. `edit`, `before` and `patch` are JSON written and read by the
 * household (it owns their shapes and parses them with its schemas); here they are text.
 * - `applied`: written and read back; `partly`: stopped part way (`patch` holds what was written);
 * - `failed`: nothing written; `unknown`: the connection broke while it was written;
 * - `interrupted`: the bot stopped while it ran.
 */
export type RulesChangeStatus = 'pending' | 'applied' | 'partly' | 'failed' | 'unknown' | 'interrupted';

export interface RulesChangeStart {
  readonly at: number;
  /** The Telegram update that asked for it (its Undo names it); a kept change applied later carries its asker's. */
  readonly updateId: number | undefined;
  readonly parentId: number;
  readonly parentName: string;
  readonly chatId: number | undefined;
  readonly childId: string;
  readonly machineId: string;
  readonly edit: string;
  /** This change undoes that row. */
  readonly undoOf?: number | undefined;
}

export interface RulesChangeRecord extends RulesChangeStart {
  readonly id: number;
  readonly before: string | undefined;
  readonly patch: string | undefined;
  readonly status: RulesChangeStatus;
  readonly failure: string | undefined;
  /** The update of the Undo that took this change back. */
  readonly undoneBy: number | undefined;
  /** What the bot expected on the computer before this change (JSON; undefined: nothing yet), for its Undo. */
  readonly expectedBefore: string | undefined;
  /** What the exceptions in force would have put back before this change moved it (JSON), for its Undo. */
  readonly exceptionsBefore: string | undefined;
}

const STATUSES = ['pending', 'applied', 'partly', 'failed', 'unknown', 'interrupted'] as const;

const row = z.object({
  id: z.number(),
  at: z.number(),
  update_id: z.number().nullable(),
  parent_id: z.number(),
  parent_name: z.string(),
  chat_id: z.number().nullable(),
  child_id: z.string(),
  machine_id: z.string(),
  edit: z.string(),
  before: z.string().nullable(),
  patch: z.string().nullable(),
  status: z.enum(STATUSES),
  failure: z.string().nullable(),
  undo_of: z.number().nullable(),
  undone_by: z.number().nullable(),
  expected_before: z.string().nullable(),
  exceptions_before: z.string().nullable(),
});

function toRecord(value: unknown): RulesChangeRecord {
  const r = row.parse(value);
  return {
    id: r.id,
    at: r.at,
    updateId: r.update_id ?? undefined,
    parentId: r.parent_id,
    parentName: r.parent_name,
    chatId: r.chat_id ?? undefined,
    childId: r.child_id,
    machineId: r.machine_id,
    edit: r.edit,
    before: r.before ?? undefined,
    patch: r.patch ?? undefined,
    status: r.status,
    failure: r.failure ?? undefined,
    undoOf: r.undo_of ?? undefined,
    undoneBy: r.undone_by ?? undefined,
    expectedBefore: r.expected_before ?? undefined,
    exceptionsBefore: r.exceptions_before ?? undefined,
  };
}

/** The ledger of house-rules changes, one row per computer. */
export class RulesLedger {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Records a change about to be written (`pending`, with the values it replaces and those it writes). */
  start(change: RulesChangeStart, before: string, patch: string): number {
    return Number(
      this.#db
        .prepare(
          `INSERT INTO rules_changes (at, update_id, parent_id, parent_name, chat_id, child_id, machine_id, edit, before, patch, status, undo_of)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(
          change.at,
          change.updateId ?? null,
          change.parentId,
          change.parentName,
          change.chatId ?? null,
          change.childId,
          change.machineId,
          change.edit,
          before,
          patch,
          change.undoOf ?? null,
        ).lastInsertRowid,
    );
  }

  /** Keeps what the bot expected on the computer before this change (for its Undo). */
  noteExpectedBefore(id: number, expected: string | undefined): void {
    this.#db.prepare('UPDATE rules_changes SET expected_before = ? WHERE id = ?').run(expected ?? null, id);
  }

  /** Keeps what the exceptions in force would have put back before this change moved it (for its Undo). */
  noteExceptionsBefore(id: number, exceptions: string): void {
    this.#db.prepare('UPDATE rules_changes SET exceptions_before = ? WHERE id = ?').run(exceptions, id);
  }

  /** An Undo that could not restore this row (its computer is off) gives it back: a later Undo may try again. */
  releaseUndo(id: number, undoUpdateId: number): void {
    this.#db.prepare('UPDATE rules_changes SET undone_by = NULL WHERE id = ? AND undone_by = ?').run(id, undoUpdateId);
  }

  /** How it ended; `patch`: what was really written, when that is less than planned (a write stopped part way). */
  finish(id: number, status: Exclude<RulesChangeStatus, 'pending'>, failure?: string, patch?: string): void {
    this.#db
      .prepare('UPDATE rules_changes SET status = ?, failure = ?, patch = coalesce(?, patch) WHERE id = ?')
      .run(status, failure ?? null, patch ?? null, id);
  }

  get(id: number): RulesChangeRecord | undefined {
    const found = this.#db.prepare('SELECT * FROM rules_changes WHERE id = ?').get(id);
    return found === undefined ? undefined : toRecord(found);
  }

  /** The rows an update wrote, in order. */
  ofUpdate(updateId: number): RulesChangeRecord[] {
    return this.#db.prepare('SELECT * FROM rules_changes WHERE update_id = ? ORDER BY id').all(updateId).map(toRecord);
  }

  /**
   * Claims the rows of `updateId` that an Undo may restore (written, fully or in part, not undone yet, not an undo
   * themselves, not before `sinceMs`): marks them undone by `undoUpdateId` in one statement, so two Undos never both
   * get them. Returns the rows claimed.
   */
  claimUndo(updateId: number, undoUpdateId: number, sinceMs: number): RulesChangeRecord[] {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const claimed = this.#db
        .prepare(
          `UPDATE rules_changes SET undone_by = ?
           WHERE update_id = ? AND status IN ('applied', 'partly') AND undone_by IS NULL AND undo_of IS NULL AND at >= ?
           RETURNING *`,
        )
        .all(undoUpdateId, updateId, sinceMs)
        .map(toRecord);
      this.#db.exec('COMMIT');
      return claimed.sort((a, b) => a.id - b.id);
    } catch (cause) {
      rollbackQuietly(this.#db);
      throw cause;
    }
  }

  /** Rules changes since `sinceMs`, oldest first; one child's when `childId` is given. */
  since(sinceMs: number, childId?: string): RulesChangeRecord[] {
    const rows =
      childId === undefined
        ? this.#db.prepare('SELECT * FROM rules_changes WHERE at >= ? ORDER BY id').all(sinceMs)
        : this.#db.prepare('SELECT * FROM rules_changes WHERE at >= ? AND child_id = ? ORDER BY id').all(sinceMs, childId);
    return rows.map(toRecord);
  }

  /** At start: rows a stopped bot left `pending` are `interrupted` (whether they were written is not known). */
  takeInterrupted(): RulesChangeRecord[] {
    return this.#db.prepare("UPDATE rules_changes SET status = 'interrupted' WHERE status = 'pending' RETURNING *").all().map(toRecord);
  }
}
