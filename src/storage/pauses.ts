import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

/**
 * A child's screen time on one computer, paused: set to 0 with what was left kept. `paused` until a parent resumes
 * it (`resumed`, with `resuming` while that runs) or the day ends (`ended`); `failed` when setting 0 surely did not
 * happen.
 */
export interface PauseRecord {
  readonly id: number;
  readonly at: number;
  /** The local day it was made (YYYY-MM-DD): it ends with that day. */
  readonly day: string;
  readonly childId: string;
  readonly machineId: string;
  readonly byId: number;
  readonly byName: string;
  readonly secondsKept: number;
  readonly status: 'paused' | 'resuming' | 'resumed' | 'ended' | 'failed';
}

const pauseRow = z.object({
  id: z.number(),
  at: z.number(),
  day: z.string(),
  child_id: z.string(),
  machine_id: z.string(),
  by_id: z.number(),
  by_name: z.string(),
  seconds_kept: z.number(),
  status: z.enum(['paused', 'resuming', 'resumed', 'ended', 'failed']),
});

function toPause(row: unknown): PauseRecord {
  const r = pauseRow.parse(row);
  return { id: r.id, at: r.at, day: r.day, childId: r.child_id, machineId: r.machine_id, byId: r.by_id, byName: r.by_name, secondsKept: r.seconds_kept, status: r.status };
}

export type NewPause = Omit<PauseRecord, 'id' | 'status'>;

/** Pauses in the bot's database. A pause is active while `paused` or `resuming`. */
export class PauseStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Records a pause before time is set to 0, unless one is active for that child and computer (then undefined). */
  begin(pause: NewPause): PauseRecord | undefined {
    const { lastInsertRowid, changes } = this.#db
      .prepare(
        `INSERT INTO pauses (at, day, child_id, machine_id, by_id, by_name, seconds_kept, status)
         SELECT ?, ?, ?, ?, ?, ?, ?, 'paused'
         WHERE NOT EXISTS (SELECT 1 FROM pauses WHERE child_id = ? AND machine_id = ? AND status IN ('paused', 'resuming'))`,
      )
      .run(pause.at, pause.day, pause.childId, pause.machineId, pause.byId, pause.byName, pause.secondsKept, pause.childId, pause.machineId);
    return Number(changes) === 1 ? this.get(Number(lastInsertRowid)) : undefined;
  }

  get(id: number): PauseRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM pauses WHERE id = ?').get(id);
    return row === undefined ? undefined : toPause(row);
  }

  /** The active pause of a child on a computer, if any. */
  active(childId: string, machineId: string): PauseRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM pauses WHERE child_id = ? AND machine_id = ? AND status IN ('paused', 'resuming')").get(childId, machineId);
    return row === undefined ? undefined : toPause(row);
  }

  /** Moves a pause from `from` to `to`; false when it was not in `from` (someone else got there first). */
  move(id: number, from: PauseRecord['status'], to: PauseRecord['status'], now: number): boolean {
    const ended = to === 'paused' || to === 'resuming' ? null : now;
    return Number(this.#db.prepare('UPDATE pauses SET status = ?, ended_at = ? WHERE id = ? AND status = ?').run(to, ended, id, from).changes) === 1;
  }

  /** Ends every active pause made before `today` (a new day brings new limits) and returns them. */
  endBefore(today: string, now: number): PauseRecord[] {
    return this.#db
      .prepare("UPDATE pauses SET status = 'ended', ended_at = ? WHERE status IN ('paused', 'resuming') AND day < ? RETURNING *")
      .all(now, today)
      .map(toPause);
  }
}
