import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, SCHEMA_VERSION } from '../../../src/storage/database.ts';
import { Store } from '../../../src/storage/store.ts';
import { tempDir } from '../../support/bot-config.ts';

let dir: string;
let remove: () => void;
const opened: DatabaseSync[] = [];

beforeEach(() => {
  ({ dir, remove } = tempDir());
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
  remove();
});

/** Opens `file`, failing the test with the error if it cannot. */
function open(file: string): DatabaseSync {
  const result = openDatabase(file);
  if (!result.ok) throw new Error(result.error);
  opened.push(result.value);
  return result.value;
}

const pragma = (db: DatabaseSync, name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];

describe('openDatabase', () => {
  test('creates the file and its missing folders', () => {
    const file = `${dir}/a/b/bot.sqlite`;
    open(file);
    expect(existsSync(file)).toBe(true);
  });

  test('uses WAL mode and records the schema version', () => {
    const db = open(`${dir}/bot.sqlite`);
    expect(pragma(db, 'journal_mode')).toBe('wal');
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
    expect(pragma(db, 'user_version')).toBe(SCHEMA_VERSION);
  });

  test('creates the tables the store needs', () => {
    const db = open(`${dir}/bot.sqlite`);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row['name']);
    expect(tables).toEqual(['alert_state', 'alerts', 'ask_messages', 'asks', 'changes', 'kept_changes', 'machine_seen', 'outbox', 'pauses', 'processed_updates', 'profile_choices', 'report_digests', 'reported_differences', 'rule_exceptions', 'rules_changes', 'rules_expected', 'sqlite_sequence', 'usage_days']);
  });

  test('opening again is idempotent and keeps the data', () => {
    const file = `${dir}/bot.sqlite`;
    const first = open(file);
    first.prepare('INSERT INTO processed_updates (update_id, at) VALUES (?, ?)').run(42, 1000);
    first.close();
    const second = open(file);
    expect(pragma(second, 'user_version')).toBe(SCHEMA_VERSION);
    expect(second.prepare('SELECT update_id, at FROM processed_updates').all()).toEqual([{ update_id: 42, at: 1000 }]);
    second.close();
    expect(open(file).prepare('SELECT count(*) AS n FROM processed_updates').get()).toEqual({ n: 1 });
  });

  test('an empty existing file becomes a database', () => {
    const file = `${dir}/empty.sqlite`;
    writeFileSync(file, '');
    expect(pragma(open(file), 'user_version')).toBe(SCHEMA_VERSION);
  });

  test('a file that is not a database is an error naming it, and is left byte for byte as it was', () => {
    const file = `${dir}/notes.sqlite`;
    const text = 'shopping list: milk, bread, eggs\n'.repeat(200);
    writeFileSync(file, text);
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(file);
    expect(result.error).toContain('file is not a database');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('a database written by a newer version is refused, naming the file, and not migrated', () => {
    const file = `${dir}/bot.sqlite`;
    const db = open(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(file);
    expect(result.error).toContain('newer timekpr-bot');
    const check = new DatabaseSync(file);
    expect(pragma(check, 'user_version')).toBe(SCHEMA_VERSION + 5);
    check.close();
  });

  test('a refused database in the old rollback-journal mode is not touched, not even switched to WAL', () => {
    const file = `${dir}/old.sqlite`;
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = DELETE; CREATE TABLE t (x); PRAGMA user_version = 999');
    db.close();
    const before = readFileSync(file);
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('a damaged database is an error naming the file and saying it is malformed', () => {
    const file = `${dir}/bot.sqlite`;
    const db = open(file);
    const insert = db.prepare('INSERT INTO alerts (at, child_id, machine_id, kind, seconds_left) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < 500; i += 1) insert.run(i, 'mia'.repeat(20), 'desktop', 'low', 60);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4 * 4096);
    bytes.fill(0x41, 4096 + 100, 3 * 4096);
    writeFileSync(file, bytes);
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(file);
    expect(result.error).toContain('malformed');
  });

  test('a folder that cannot be created (a path under a regular file) is an error naming the file', () => {
    const blocker = `${dir}/blocker`;
    writeFileSync(blocker, 'x');
    const file = `${blocker}/sub/db.sqlite`;
    const result = openDatabase(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(file);
    expect(readFileSync(blocker, 'utf8')).toBe('x');
  });

  test('a path that is a folder is an error naming it', () => {
    const folder = `${dir}/folder.sqlite`;
    mkdirSync(folder);
    const result = openDatabase(folder);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(folder);
  });
});

describe('migration to outcome facts (schema 3)', () => {
  test('rows written as sentences by schema 2 become kinds; nothing else changes', () => {
    const file = `${dir}/v2.db`;
    const old = new DatabaseSync(file);
    // The schema as version 2 shipped it, with one row of each state it could hold.
    old.exec(`CREATE TABLE changes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, update_id INTEGER, callback_query_id TEXT,
        parent_id INTEGER NOT NULL, parent_name TEXT NOT NULL, child_id TEXT NOT NULL, machine_id TEXT NOT NULL, minutes INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'capped', 'failed', 'unknown')), detail TEXT, seconds_left INTEGER, chat_id INTEGER);
      CREATE INDEX changes_at ON changes (at); CREATE INDEX changes_update ON changes (update_id);
      CREATE TABLE processed_updates (update_id INTEGER PRIMARY KEY, at INTEGER NOT NULL, callback_query_id TEXT);
      CREATE TABLE alert_state (child_id TEXT NOT NULL, machine_id TEXT NOT NULL, day TEXT NOT NULL, sent_thresholds TEXT NOT NULL,
        time_up_sent INTEGER NOT NULL, PRIMARY KEY (child_id, machine_id));
      CREATE TABLE alerts (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, child_id TEXT NOT NULL, machine_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('low', 'up')), threshold_minutes INTEGER, seconds_left INTEGER NOT NULL);
      PRAGMA user_version = 2;`);
    const insert = old.prepare(
      `INSERT INTO changes (at, update_id, parent_id, parent_name, child_id, machine_id, minutes, status, detail, seconds_left, chat_id)
       VALUES (?, ?, 1001, 'Anna', 'mia', 'desktop', 15, ?, ?, ?, -100)`,
    );
    insert.run(1, 11, 'applied', null, 3900);
    insert.run(2, 12, 'capped', null, 60);
    insert.run(3, 13, 'applied', 'not read back: Timekpr-nExT was busy with another command', null);
    insert.run(4, 14, 'failed', 'not reachable (no route to host)', null);
    insert.run(5, 15, 'unknown', 'no answer (the command timed out after 15 s)', null);
    insert.run(6, 16, 'unknown', 'the bot stopped while it ran', null);
    insert.run(7, 17, 'pending', null, null);
    old.close();

    const store = new Store(open(file));
    expect(SCHEMA_VERSION).toBe(12);
    try {
      const outcomes = store.history(0).map((entry) => (entry.kind === 'change' ? [entry.change.at, entry.change.chatId, entry.change.outcome] : []));
      expect(outcomes.reverse()).toEqual([
        [1, -100, { kind: 'applied', secondsLeft: 3900 }],
        [2, -100, { kind: 'capped', secondsLeft: 60 }],
        [3, -100, { kind: 'not-read-back', failure: 'unknown' }],
        [4, -100, { kind: 'failed', failure: 'unknown' }],
        [5, -100, { kind: 'unknown', failure: 'unknown' }],
        [6, -100, { kind: 'interrupted' }],
        [7, -100, { kind: 'pending' }],
      ]);
      // The update ids came along, so a redelivered update is still recognised.
      expect(store.changesOfUpdate(14).map((record) => record.at)).toEqual([4]);
    } finally {
      store.close();
    }
  });
});
