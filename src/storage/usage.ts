import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

/** A child's time used on one computer on one local day: the day's last reading. */
export interface UsageDay {
  readonly childId: string;
  readonly machineId: string;
  /** The local day (YYYY-MM-DD). */
  readonly day: string;
  /** When it was read. */
  readonly at: number;
  readonly secondsSpent: number;
  /** The day's limit on that computer, when it was read. */
  readonly limitSeconds: number | undefined;
  /** Read in the day's last minutes: the day's final figure. */
  readonly complete: boolean;
  /** Not read on its day, worked out from the week's total. */
  readonly estimated: boolean;
}

const usageRow = z.object({
  child_id: z.string(),
  machine_id: z.string(),
  day: z.string(),
  at: z.number(),
  seconds_spent: z.number(),
  limit_seconds: z.number().nullable(),
  complete: z.number(),
  estimated: z.number(),
});

function toUsage(row: unknown): UsageDay {
  const r = usageRow.parse(row);
  return {
    childId: r.child_id,
    machineId: r.machine_id,
    day: r.day,
    at: r.at,
    secondsSpent: r.seconds_spent,
    limitSeconds: r.limit_seconds ?? undefined,
    complete: r.complete === 1,
    estimated: r.estimated === 1,
  };
}

/** Time used per day, and the weekly digests sent, in the bot's database. */
export class UsageStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Records a reading: a day keeps its latest one (an older reading, e.g. one that arrives late, changes nothing), so
   * a day is never counted twice, whatever restarts happen. A reading replaces an estimate.
   */
  record(usage: Omit<UsageDay, 'estimated'>): void {
    this.#db
      .prepare(
        `INSERT INTO usage_days (child_id, machine_id, day, at, seconds_spent, limit_seconds, complete, estimated) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (child_id, machine_id, day) DO UPDATE SET at = excluded.at, seconds_spent = excluded.seconds_spent,
           limit_seconds = excluded.limit_seconds, complete = max(complete, excluded.complete), estimated = 0
         WHERE excluded.at >= usage_days.at OR usage_days.estimated = 1`,
      )
      .run(usage.childId, usage.machineId, usage.day, usage.at, usage.secondsSpent, usage.limitSeconds ?? null, usage.complete ? 1 : 0);
  }

  /** Records a day the bot did not read, worked out from the week's total; never over a reading. */
  estimate(usage: Pick<UsageDay, 'childId' | 'machineId' | 'day' | 'at' | 'secondsSpent'>): boolean {
    const { changes } = this.#db
      .prepare(
        `INSERT OR IGNORE INTO usage_days (child_id, machine_id, day, at, seconds_spent, limit_seconds, complete, estimated)
         VALUES (?, ?, ?, ?, ?, NULL, 1, 1)`,
      )
      .run(usage.childId, usage.machineId, usage.day, usage.at, usage.secondsSpent);
    return Number(changes) === 1;
  }

  /** The days from `fromDay` to `toDay` (inclusive), for one child or all. */
  days(fromDay: string, toDay: string, childId?: string): UsageDay[] {
    const rows =
      childId === undefined
        ? this.#db.prepare('SELECT * FROM usage_days WHERE day >= ? AND day <= ? ORDER BY day, child_id, machine_id').all(fromDay, toDay)
        : this.#db.prepare('SELECT * FROM usage_days WHERE day >= ? AND day <= ? AND child_id = ? ORDER BY day, machine_id').all(fromDay, toDay, childId);
    return rows.map(toUsage);
  }

  /** Forgets that the digest due on `due` was sent (it reached no chat): it is tried again. */
  releaseDigest(due: string): void {
    this.#db.prepare('DELETE FROM report_digests WHERE due = ?').run(due);
  }

  /** Notes that the digest due on `due` is being sent; false when it was already (it is sent once). */
  claimDigest(due: string, now: number): boolean {
    return Number(this.#db.prepare('INSERT OR IGNORE INTO report_digests (due, sent_at) VALUES (?, ?)').run(due, now).changes) === 1;
  }
}
