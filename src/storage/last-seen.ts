import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { LastSeen } from './store.ts';

const row = z.object({ machine_id: z.string(), at: z.number(), logged_in: z.string() });
const childIds = z.array(z.string());

/**
 * When each computer last answered the running bot, read from its database without changing it (for `check`, which
 * may run beside the bot). No database yet, or one from before last seen was kept: nothing is known.
 */
export function readLastSeen(file: string): ReadonlyMap<string, LastSeen> {
  if (!existsSync(file)) return new Map();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const rows = db.prepare('SELECT machine_id, at, logged_in FROM machine_seen').all().map((each) => row.parse(each));
    return new Map(rows.map((r) => [r.machine_id, { at: r.at, loggedIn: childIds.parse(JSON.parse(r.logged_in)) }]));
  } catch {
    return new Map();
  } finally {
    db?.close();
  }
}
