import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { messageOf } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';

/**
 * The schema, one step per version. A step runs once, in a transaction, and bumps `PRAGMA user_version`; never edit a
 * step that has shipped: add a new one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE changes (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     update_id INTEGER,
     callback_query_id TEXT,
     parent_id INTEGER NOT NULL,
     parent_name TEXT NOT NULL,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     minutes INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'capped', 'failed', 'unknown')),
     detail TEXT,
     seconds_left INTEGER
   );
   CREATE INDEX changes_at ON changes (at);
   CREATE INDEX changes_update ON changes (update_id);
   CREATE TABLE processed_updates (
     update_id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     callback_query_id TEXT
   );
   CREATE TABLE alert_state (
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     day TEXT NOT NULL,
     sent_thresholds TEXT NOT NULL,
     time_up_sent INTEGER NOT NULL,
     PRIMARY KEY (child_id, machine_id)
   );
   CREATE TABLE alerts (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('low', 'up')),
     threshold_minutes INTEGER,
     seconds_left INTEGER NOT NULL
   );
   CREATE INDEX alerts_at ON alerts (at);`,
  // Where a change was asked for, so that one cut short by a crash can be reported there after the restart.
  `ALTER TABLE changes ADD COLUMN chat_id INTEGER;`,
  // Outcomes as facts: a failure kind instead of a sentence, and the states "read back failed" and "interrupted" of
  // their own. SQLite cannot change a CHECK constraint in place, so the table is rebuilt; old sentences are dropped.
  `CREATE TABLE changes_v3 (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     update_id INTEGER,
     callback_query_id TEXT,
     parent_id INTEGER NOT NULL,
     parent_name TEXT NOT NULL,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     minutes INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'capped', 'not-read-back', 'failed', 'unknown', 'interrupted')),
     failure TEXT,
     seconds_left INTEGER,
     chat_id INTEGER
   );
   INSERT INTO changes_v3 (id, at, update_id, callback_query_id, parent_id, parent_name, child_id, machine_id, minutes, status, seconds_left, chat_id)
     SELECT id, at, update_id, callback_query_id, parent_id, parent_name, child_id, machine_id, minutes,
       CASE
         WHEN status = 'applied' AND detail LIKE 'not read back:%' THEN 'not-read-back'
         WHEN status = 'unknown' AND detail = 'the bot stopped while it ran' THEN 'interrupted'
         ELSE status
       END,
       seconds_left, chat_id
     FROM changes;
   DROP TABLE changes;
   ALTER TABLE changes_v3 RENAME TO changes;
   CREATE INDEX changes_at ON changes (at);
   CREATE INDEX changes_update ON changes (update_id);`,
  // Children's requests for more time, and every copy of a request message sent to parents (to edit them all).
  `CREATE TABLE asks (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     child_id TEXT NOT NULL,
     asker_id INTEGER NOT NULL,
     chat_id INTEGER NOT NULL,
     message_id INTEGER NOT NULL,
     minutes INTEGER NOT NULL,
     reason TEXT,
     machine_id TEXT,
     expires_at INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('open', 'given', 'denied', 'expired')),
     answered_at INTEGER,
     answered_by INTEGER,
     answered_by_name TEXT,
     given_minutes INTEGER,
     given_machine TEXT,
     seconds_left INTEGER,
     failure TEXT
   );
   CREATE INDEX asks_child ON asks (child_id, at);
   CREATE INDEX asks_open ON asks (status, expires_at);
   CREATE TABLE ask_messages (
     ask_id INTEGER NOT NULL REFERENCES asks (id),
     chat_id INTEGER NOT NULL,
     message_id INTEGER NOT NULL,
     PRIMARY KEY (ask_id, chat_id, message_id)
   );`,
  // When each computer last answered, and which children were logged in on it then (a JSON array of child ids).
  `CREATE TABLE machine_seen (
     machine_id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     logged_in TEXT NOT NULL DEFAULT '[]'
   );`,
  // Pauses: a child's time on a computer set to 0, and what was left kept to be given back.
  `CREATE TABLE pauses (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     day TEXT NOT NULL,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     by_id INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     seconds_kept INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('paused', 'resuming', 'resumed', 'ended', 'failed')),
     ended_at INTEGER
   );
   CREATE INDEX pauses_active ON pauses (status, child_id, machine_id);`,
  // Changes kept for a computer that was off, applied in order when it is back. \`kind\`: add minutes, or pause.
  `CREATE TABLE kept_changes (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     day TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('add', 'pause')),
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     minutes INTEGER NOT NULL,
     by_id INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     chat_id INTEGER NOT NULL,
     message_id INTEGER,
     status TEXT NOT NULL CHECK (status IN ('kept', 'applying', 'done', 'cancelled', 'dropped')),
     change_id INTEGER,
     ended_at INTEGER,
     ended_by_name TEXT
   );
   CREATE INDEX kept_waiting ON kept_changes (status, machine_id, id);`,
  // Time used per child, computer and local day: the day's last reading (\`at\`), the day's limit then, and whether it
  // was read in the day's last minutes (\`complete\`) or worked out from the week's total (\`estimated\`). Weekly
  // digests sent, by the day they were due.
  `CREATE TABLE usage_days (
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     day TEXT NOT NULL,
     at INTEGER NOT NULL,
     seconds_spent INTEGER NOT NULL,
     limit_seconds INTEGER,
     complete INTEGER NOT NULL DEFAULT 0,
     estimated INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (child_id, machine_id, day)
   );
   CREATE INDEX usage_days_day ON usage_days (day);
   CREATE TABLE report_digests (
     due TEXT PRIMARY KEY,
     sent_at INTEGER NOT NULL
   );`,
  // Messages the bot owes a chat, kept until Telegram took them (or they are too old to send). \`message\`: what to
  // send or edit (JSON), \`photo\`: a chart's PNG; \`after\`: what to note once it is delivered (JSON). \`in_flight\`:
  // an attempt was under way; \`uncertain\`: attempts whose answer was lost (Telegram may have taken them). Ids are
  // never reused: an id names one message for its whole life.
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     chat_id INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     message TEXT NOT NULL,
     photo BLOB,
     after TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     uncertain INTEGER NOT NULL DEFAULT 0,
     in_flight INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER NOT NULL
   );
   CREATE INDEX outbox_chat ON outbox (chat_id, id);`,
  // The language a child asked in (a code such as \`de\`), so the answer reaches them in it; older requests have none.
  `ALTER TABLE asks ADD COLUMN language TEXT;`,
  // Changes of a child's house rules, one row per computer: what was asked (\`edit\`), the values it replaced
  // (\`before\`) and those written (\`patch\`), all JSON facts. \`undo_of\`: the row this one undid; \`undone_by\`: the
  // update of the Undo that took this one back (set before the Undo runs, so it happens once). Kept changes may be
  // rules changes too (their \`edit\`, and the \`update_id\` that asked, so its Undo finds what they wrote). A change
  // of time may be of PlayTime (\`play\`).
  `CREATE TABLE rules_changes (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     update_id INTEGER,
     parent_id INTEGER NOT NULL,
     parent_name TEXT NOT NULL,
     chat_id INTEGER,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     edit TEXT NOT NULL,
     before TEXT,
     patch TEXT,
     status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'partly', 'failed', 'unknown', 'interrupted')),
     failure TEXT,
     undo_of INTEGER,
     undone_by INTEGER
   );
   CREATE INDEX rules_changes_at ON rules_changes (at);
   CREATE INDEX rules_changes_update ON rules_changes (update_id);
   CREATE TABLE kept_changes_next (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     day TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('add', 'pause', 'rules')),
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     minutes INTEGER NOT NULL,
     by_id INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     chat_id INTEGER NOT NULL,
     message_id INTEGER,
     status TEXT NOT NULL CHECK (status IN ('kept', 'applying', 'done', 'cancelled', 'dropped')),
     change_id INTEGER,
     ended_at INTEGER,
     ended_by_name TEXT,
     edit TEXT,
     update_id INTEGER
   );
   INSERT INTO kept_changes_next (id, at, day, kind, child_id, machine_id, minutes, by_id, by_name, chat_id, message_id, status, change_id, ended_at, ended_by_name)
     SELECT id, at, day, kind, child_id, machine_id, minutes, by_id, by_name, chat_id, message_id, status, change_id, ended_at, ended_by_name FROM kept_changes;
   DROP TABLE kept_changes;
   ALTER TABLE kept_changes_next RENAME TO kept_changes;
   CREATE INDEX kept_waiting ON kept_changes (status, machine_id, id);
   ALTER TABLE changes ADD COLUMN play INTEGER NOT NULL DEFAULT 0;`,
  // Profiles: which one each child follows (the latest choice not undone), what the bot expects each computer to have
  // (its own changes replayed; a rules change keeps what was expected before it and what the exceptions in force
  // would have put back, for its Undo), the differences
  // already reported; exceptions that end by themselves; and the last day a kept change is still worth making (an
  // exception's), after which it is dropped.
  `CREATE TABLE profile_choices (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     child_id TEXT NOT NULL,
     profile_id TEXT NOT NULL,
     update_id INTEGER,
     by_id INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     undone_by INTEGER
   );
   CREATE INDEX profile_choices_child ON profile_choices (child_id, id);
   CREATE TABLE rules_expected (
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     settings TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (child_id, machine_id)
   );
   CREATE TABLE reported_differences (
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     difference TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (child_id, machine_id, difference)
   );
   CREATE TABLE rule_exceptions (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     update_id INTEGER,
     child_id TEXT NOT NULL,
     machine_id TEXT NOT NULL,
     weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
     exception TEXT NOT NULL,
     before TEXT NOT NULL,
     wrote TEXT NOT NULL,
     ends_at INTEGER NOT NULL,
     by_id INTEGER NOT NULL,
     by_name TEXT NOT NULL,
     chat_id INTEGER,
     status TEXT NOT NULL CHECK (status IN ('active', 'restoring', 'restored', 'kept', 'undone', 'failed')),
     ended_at INTEGER
   );
   CREATE INDEX rule_exceptions_due ON rule_exceptions (status, ends_at);
   ALTER TABLE kept_changes ADD COLUMN until_day TEXT;
   ALTER TABLE rules_changes ADD COLUMN expected_before TEXT;
   ALTER TABLE rules_changes ADD COLUMN exceptions_before TEXT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if needed) the bot's database, checks it, and brings its schema up to date. A file that is not a
 * database, is damaged, is newer than this version, or cannot be written is an error naming the file: it is never
 * replaced.
 */
export function openDatabase(file: string): Result<DatabaseSync, string> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (cause) {
    return err(`cannot create the folder of ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file);
  } catch (cause) {
    return err(`cannot open ${file}: ${messageOf(cause)}`);
  }
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    // Checked before anything is written, so a file that is refused stays exactly as it was.
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
    if (check?.quick_check !== 'ok') throw new Error(`database disk image is malformed (${check?.quick_check ?? 'no answer'})`);
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version > SCHEMA_VERSION) throw new Error(`it was written by a newer timekpr-bot (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode?: string } | undefined;
    if (mode?.journal_mode !== 'wal') throw new Error(`it cannot be switched to WAL mode (${mode?.journal_mode ?? 'no answer'})`);
    for (let step = version; step < SCHEMA_VERSION; step += 1) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(MIGRATIONS[step] ?? '');
        db.exec(`PRAGMA user_version = ${step + 1}`);
        db.exec('COMMIT');
      } catch (cause) {
        rollbackQuietly(db);
        throw cause;
      }
    }
    // A file the bot may not write is opened read-only without a word: find out now, not at the first change.
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    return ok(db);
  } catch (cause) {
    db.close();
    return err(`cannot use ${file}: ${messageOf(cause)}. ${adviceFor(cause)}`);
  }
}

/** Rolls back if a transaction is still open (SQLite may already have rolled back after an I/O error). */
export function rollbackQuietly(db: DatabaseSync): void {
  if (db.isTransaction) db.exec('ROLLBACK');
}

/** What to do about a database that cannot be used, by SQLite's error code. */
function adviceFor(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'errcode' in cause ? Number(cause.errcode) & 0xff : undefined;
  switch (code) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return 'Another program (a second timekpr-bot?) is using it: stop that one first.';
    case 8: // SQLITE_READONLY
    case 14: // SQLITE_CANTOPEN
      return 'Make the file and its folder writable by the user the bot runs as.';
    default:
      return 'It was left as it is; move it away to start afresh, or restore a backup.';
  }
}
