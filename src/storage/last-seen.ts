import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

/** When a computer last answered, and the children logged in on it then. */
export interface LastSeen {
  readonly at: number;
  readonly loggedIn: readonly string[];
}

const row = z.object({ machine_id: z.string(), at: z.number(), logged_in: z.string() });
const childIds = z.array(z.string());

/** A `machine_seen` row, parsed. */
export function toLastSeen(value: unknown): { readonly machineId: string; readonly seen: LastSeen } {
  const r = row.parse(value);
  return { machineId: r.machine_id, seen: { at: r.at, loggedIn: childIds.parse(JSON.parse(r.logged_in)) } };
}

/**
 * When each computer last answered the running bot, read from its database without changing it (for `check`, which
 * may run beside the bot). No database yet, or one from before last seen was kept: nothing is known.
 */
export function readLastSeen(file: string): ReadonlyMap<string, LastSeen> {
  if (!existsSync(file)) return new Map();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    return new Map(db.prepare('SELECT machine_id, at, logged_in FROM machine_seen').all().map((each) => {
      const { machineId, seen } = toLastSeen(each);
      return [machineId, seen] as const;
    }));
  } catch {
    return new Map();
  } finally {
    db?.close();
  }
}
