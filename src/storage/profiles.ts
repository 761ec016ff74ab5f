import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { rollbackQuietly } from './database.ts';

/**
 * Profiles as the bot remembers them: which one each child follows (the config file is never rewritten), what the
 * bot expects each computer to have after its own changes (JSON the household owns), and which differences the
 * parents were told of already.
 */

export interface ProfileChoice {
  readonly id: number;
  readonly at: number;
  readonly childId: string;
  readonly profileId: string;
  readonly updateId: number | undefined;
  readonly byId: number;
  readonly byName: string;
}

export type NewProfileChoice = Omit<ProfileChoice, 'id'>;

const choiceRow = z.object({
  id: z.number(),
  at: z.number(),
  child_id: z.string(),
  profile_id: z.string(),
  update_id: z.number().nullable(),
  by_id: z.number(),
  by_name: z.string(),
});

function toChoice(value: unknown): ProfileChoice {
  const r = choiceRow.parse(value);
  return { id: r.id, at: r.at, childId: r.child_id, profileId: r.profile_id, updateId: r.update_id ?? undefined, byId: r.by_id, byName: r.by_name };
}

const expectedRow = z.object({ settings: z.string() });
const differenceRow = z.object({ difference: z.string() });

export class ProfileStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Records that a child follows `profileId` from now on. */
  choose(choice: NewProfileChoice): ProfileChoice {
    const id = Number(
      this.#db
        .prepare('INSERT INTO profile_choices (at, child_id, profile_id, update_id, by_id, by_name) VALUES (?, ?, ?, ?, ?, ?)')
        .run(choice.at, choice.childId, choice.profileId, choice.updateId ?? null, choice.byId, choice.byName).lastInsertRowid,
    );
    return { ...choice, id };
  }

  /** The child's latest choice that was not undone; undefined when parents never chose (the config's then). */
  current(childId: string): ProfileChoice | undefined {
    const found = this.#db.prepare('SELECT * FROM profile_choices WHERE child_id = ? AND undone_by IS NULL ORDER BY id DESC LIMIT 1').get(childId);
    return found === undefined ? undefined : toChoice(found);
  }

  /**
   * An Undo of `updateId` takes its choices back (the child follows what she followed before), when made at or after
   * `sinceMs` (default: any time). Returns the children.
   */
  undoChoices(updateId: number, undoUpdateId: number, sinceMs = 0): string[] {
    return this.#db
      .prepare('UPDATE profile_choices SET undone_by = ? WHERE update_id = ? AND undone_by IS NULL AND at >= ? RETURNING child_id')
      .all(undoUpdateId, updateId, sinceMs)
      .map((row) => z.object({ child_id: z.string() }).parse(row).child_id);
  }

  /** What the bot expects a computer to have (JSON), after the changes it made there itself. */
  expected(childId: string, machineId: string): string | undefined {
    const found = this.#db.prepare('SELECT settings FROM rules_expected WHERE child_id = ? AND machine_id = ?').get(childId, machineId);
    return found === undefined ? undefined : expectedRow.parse(found).settings;
  }

  /** Forgets what the bot expects on a computer (as before it ever wrote there). */
  forgetExpected(childId: string, machineId: string): void {
    this.#db.prepare('DELETE FROM rules_expected WHERE child_id = ? AND machine_id = ?').run(childId, machineId);
  }

  setExpected(childId: string, machineId: string, settings: string, at: number): void {
    this.#db
      .prepare(
        `INSERT INTO rules_expected (child_id, machine_id, settings, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (child_id, machine_id) DO UPDATE SET settings = excluded.settings, at = excluded.at`,
      )
      .run(childId, machineId, settings, at);
  }

  /**
   * Of `differences` (their keys) found on a computer now, the ones not reported before; they are recorded as
   * reported, and the ones no longer found are forgotten (so one that comes back is new again). One transaction.
   */
  takeNewDifferences(childId: string, machineId: string, differences: readonly string[], at: number): string[] {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const known = new Set(
        this.#db
          .prepare('SELECT difference FROM reported_differences WHERE child_id = ? AND machine_id = ?')
          .all(childId, machineId)
          .map((row) => differenceRow.parse(row).difference),
      );
      const now = new Set(differences);
      const forget = this.#db.prepare('DELETE FROM reported_differences WHERE child_id = ? AND machine_id = ? AND difference = ?');
      for (const old of known) if (!now.has(old)) forget.run(childId, machineId, old);
      const fresh = [...now].filter((difference) => !known.has(difference));
      const insert = this.#db.prepare('INSERT INTO reported_differences (child_id, machine_id, difference, at) VALUES (?, ?, ?, ?)');
      for (const difference of fresh) insert.run(childId, machineId, difference, at);
      this.#db.exec('COMMIT');
      return fresh;
    } catch (cause) {
      rollbackQuietly(this.#db);
      throw cause;
    }
  }
}

/** What `check` needs of the profiles: each child's latest choice, and what the bot expects on each computer. */
export interface ProfileState {
  /** Child id → the profile parents chose last (not undone). */
  readonly chosen: ReadonlyMap<string, string>;
  /** What the bot expects on a computer (JSON), by child and machine. */
  readonly expected: (childId: string, machineId: string) => string | undefined;
}

/**
 * The profile state of the running bot, read from its database without changing it (for `check`, which may run beside
 * the bot). No database yet, or one from before profiles: nothing chosen, nothing expected.
 */
export function readProfileState(file: string): ProfileState {
  const empty: ProfileState = { chosen: new Map(), expected: () => undefined };
  if (!existsSync(file)) return empty;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const chosen = new Map<string, string>();
    const choices = db.prepare('SELECT * FROM profile_choices WHERE undone_by IS NULL ORDER BY id').all().map(toChoice);
    for (const choice of choices) chosen.set(choice.childId, choice.profileId);
    const rows = db.prepare('SELECT child_id, machine_id, settings FROM rules_expected').all();
    const expected = new Map(rows.map((row) => {
      const r = z.object({ child_id: z.string(), machine_id: z.string(), settings: z.string() }).parse(row);
      return [`${r.child_id}\u0000${r.machine_id}`, r.settings] as const;
    }));
    return { chosen, expected: (childId, machineId) => expected.get(`${childId}\u0000${machineId}`) };
  } catch {
    return empty;
  } finally {
    db?.close();
  }
}
