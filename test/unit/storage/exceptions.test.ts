import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, test } from 'vitest';
import type { ExceptionStatus, NewException } from '../../../src/storage/exceptions.ts';
import { tempStore } from '../../support/bot-config.ts';

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function temp() {
  const made = tempStore();
  removes.push(made.remove);
  return made;
}

const store = () => temp().store;

/** The row as SQLite has it (status and ended_at are not all in the record), read through a second connection. */
function rawRow(file: string, id: number): { status: ExceptionStatus; ended_at: number | null } | undefined {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('SELECT status, ended_at FROM rule_exceptions WHERE id = ?').get(id) as { status: ExceptionStatus; ended_at: number | null } | undefined;
  } finally {
    db.close();
  }
}

const exception = (endsAt: number, machineId = 'desktop', more: Partial<NewException> = {}): NewException => ({
  at: 1000,
  updateId: 50,
  childId: 'mia',
  machineId,
  weekday: 5,
  exception: JSON.stringify({ kind: 'tonight', until: '22:00' }),
  before: JSON.stringify({ hours: '8-20' }),
  wrote: JSON.stringify({ hours: '8-22' }),
  endsAt,
  byId: 1001,
  byName: 'Anna',
  chatId: -100,
  ...more,
});

const ids = (records: readonly { readonly id: number }[]) => records.map((record) => record.id);

describe('ExceptionStore add and active', () => {
  test('add returns an active record with a new id; active reads the same back', () => {
    const s = store();
    const added = s.exceptions.add(exception(5000));
    expect(added.status).toBe('active');
    expect(added.id).toBeGreaterThan(0);
    expect(s.exceptions.active()).toEqual([added]);
    expect(s.exceptions.active()[0]).toMatchObject({
      at: 1000,
      updateId: 50,
      childId: 'mia',
      machineId: 'desktop',
      weekday: 5,
      exception: '{"kind":"tonight","until":"22:00"}',
      before: '{"hours":"8-20"}',
      wrote: '{"hours":"8-22"}',
      endsAt: 5000,
      byId: 1001,
      byName: 'Anna',
      chatId: -100,
    });
  });

  test('no update and no chat read back as undefined', () => {
    const s = store();
    s.exceptions.add(exception(5000, 'desktop', { updateId: undefined, chatId: undefined }));
    const [found] = s.exceptions.active();
    expect(found).toHaveProperty('updateId', undefined);
    expect(found).toHaveProperty('chatId', undefined);
  });

  test('a weekday outside 1..7 is refused by the database', () => {
    const s = store();
    expect(() => s.exceptions.add(exception(5000, 'desktop', { weekday: 0 }))).toThrow();
    expect(() => s.exceptions.add(exception(5000, 'desktop', { weekday: 8 }))).toThrow();
    expect(s.exceptions.active()).toEqual([]);
  });

  test("active lists oldest first, a child's only when given, and not those no longer active", () => {
    const s = store();
    const a = s.exceptions.add(exception(5000));
    const b = s.exceptions.add(exception(4000, 'laptop', { childId: 'leo' }));
    const c = s.exceptions.add(exception(3000, 'laptop'));
    expect(ids(s.exceptions.active())).toEqual([a.id, b.id, c.id]);
    expect(ids(s.exceptions.active('mia'))).toEqual([a.id, c.id]);
    expect(ids(s.exceptions.active('leo'))).toEqual([b.id]);
    expect(s.exceptions.active('nobody')).toEqual([]);
    s.exceptions.claim(a.id);
    expect(ids(s.exceptions.active('mia'))).toEqual([c.id]);
  });
});

describe('ExceptionStore due', () => {
  test('only those ended by now (ends_at <= now), newest first', () => {
    const s = store();
    const early = s.exceptions.add(exception(1000));
    const exact = s.exceptions.add(exception(2000));
    s.exceptions.add(exception(2001));
    const earlier = s.exceptions.add(exception(500));
    expect(ids(s.exceptions.due(2000))).toEqual([earlier.id, exact.id, early.id]);
    expect(ids(s.exceptions.due(1999))).toEqual([earlier.id, early.id]);
    expect(s.exceptions.due(499)).toEqual([]);
    expect(s.exceptions.due(10_000)).toHaveLength(4);
  });

  test('one computer only, when given', () => {
    const s = store();
    const desk = s.exceptions.add(exception(1000, 'desktop'));
    const lap = s.exceptions.add(exception(1000, 'laptop'));
    const desk2 = s.exceptions.add(exception(1500, 'desktop'));
    s.exceptions.add(exception(9000, 'laptop'));
    expect(ids(s.exceptions.due(2000, 'desktop'))).toEqual([desk2.id, desk.id]);
    expect(ids(s.exceptions.due(2000, 'laptop'))).toEqual([lap.id]);
    expect(s.exceptions.due(2000, 'tablet')).toEqual([]);
    expect(ids(s.exceptions.due(2000))).toEqual([desk2.id, lap.id, desk.id]);
  });

  test('only active ones: restoring, restored, kept, failed and undone are not due', () => {
    const s = store();
    const restoring = s.exceptions.add(exception(1000));
    const restored = s.exceptions.add(exception(1000));
    const kept = s.exceptions.add(exception(1000));
    const failed = s.exceptions.add(exception(1000));
    s.exceptions.add(exception(1000, 'desktop', { updateId: 77 }));
    const waiting = s.exceptions.add(exception(1000));
    for (const claimed of [restoring, restored, kept, failed]) s.exceptions.claim(claimed.id);
    s.exceptions.finish(restored.id, 'restored', 2000);
    s.exceptions.finish(kept.id, 'kept', 2000);
    s.exceptions.finish(failed.id, 'failed', 2000);
    s.exceptions.undoUpdate(77, 2000);
    expect(ids(s.exceptions.due(5000))).toEqual([waiting.id]);
    expect(ids(s.exceptions.due(5000, 'desktop'))).toEqual([waiting.id]);
  });
});

describe('ExceptionStore claim, release, finish', () => {
  test('a claim is exclusive: the second one gets undefined', () => {
    const { store: s, file } = temp();
    const added = s.exceptions.add(exception(1000));
    const claimed = s.exceptions.claim(added.id);
    expect(claimed).toEqual({ ...added, status: 'restoring' });
    expect(s.exceptions.claim(added.id)).toBeUndefined();
    expect(rawRow(file, added.id)?.status).toBe('restoring');
    expect(s.exceptions.due(5000)).toEqual([]);
  });

  test('claiming an id that does not exist gives undefined', () => {
    const s = store();
    expect(s.exceptions.claim(12345)).toBeUndefined();
  });

  test('release makes a claimed one due (and claimable) again', () => {
    const s = store();
    const added = s.exceptions.add(exception(1000));
    s.exceptions.claim(added.id);
    s.exceptions.release(added.id);
    expect(ids(s.exceptions.due(5000))).toEqual([added.id]);
    expect(s.exceptions.claim(added.id)?.status).toBe('restoring');
  });

  test('release touches only a claimed one: a finished one stays finished', () => {
    const { store: s, file } = temp();
    const added = s.exceptions.add(exception(1000));
    s.exceptions.claim(added.id);
    s.exceptions.finish(added.id, 'restored', 3000);
    s.exceptions.release(added.id);
    expect(rawRow(file, added.id)?.status).toBe('restored');
    expect(s.exceptions.due(5000)).toEqual([]);
  });

  test.each(['restored', 'kept', 'failed'] as const)('finish as %s records the status and when it ended; it is neither due nor claimable', (status) => {
    const { store: s, file } = temp();
    const added = s.exceptions.add(exception(1000));
    expect(s.exceptions.claim(added.id)).toBeDefined();
    s.exceptions.finish(added.id, status, 3000);
    expect(rawRow(file, added.id)).toEqual({ status, ended_at: 3000 });
    expect(s.exceptions.due(5000)).toEqual([]);
    expect(s.exceptions.active()).toEqual([]);
    expect(s.exceptions.claim(added.id)).toBeUndefined();
  });

  test('finishing one that is not being restored changes nothing: an Undo that took it meanwhile stays', () => {
    const { store: s, file } = temp();
    const unclaimed = s.exceptions.add(exception(1000));
    s.exceptions.finish(unclaimed.id, 'restored', 3000);
    expect(rawRow(file, unclaimed.id)).toEqual({ status: 'active', ended_at: null });
    const undone = s.exceptions.add(exception(1000, 'desktop', { updateId: 5 }));
    s.exceptions.claim(undone.id);
    s.exceptions.undoUpdate(5, 2000);
    s.exceptions.finish(undone.id, 'restored', 3000);
    expect(rawRow(file, undone.id)).toEqual({ status: 'undone', ended_at: 2000 });
  });

  test('finishing one leaves the others as they were', () => {
    const { store: s, file } = temp();
    const a = s.exceptions.add(exception(1000));
    const b = s.exceptions.add(exception(1000));
    s.exceptions.claim(a.id);
    s.exceptions.finish(a.id, 'restored', 3000);
    expect(rawRow(file, b.id)).toEqual({ status: 'active', ended_at: null });
    expect(ids(s.exceptions.due(5000))).toEqual([b.id]);
  });
});

describe('ExceptionStore undoUpdate', () => {
  test('marks the active and restoring rows of that update undone; they are no longer due nor claimable', () => {
    const { store: s, file } = temp();
    const active = s.exceptions.add(exception(1000, 'desktop', { updateId: 7 }));
    const restoring = s.exceptions.add(exception(1000, 'laptop', { updateId: 7 }));
    const future = s.exceptions.add(exception(9000, 'desktop', { updateId: 7 }));
    const other = s.exceptions.add(exception(1000, 'desktop', { updateId: 8 }));
    s.exceptions.claim(restoring.id);
    expect(s.exceptions.undoUpdate(7, 2000)).toBe(3);
    for (const id of [active.id, restoring.id, future.id]) expect(rawRow(file, id)).toEqual({ status: 'undone', ended_at: 2000 });
    expect(ids(s.exceptions.due(10_000))).toEqual([other.id]);
    expect(ids(s.exceptions.active())).toEqual([other.id]);
    expect(s.exceptions.claim(active.id)).toBeUndefined();
    expect(s.exceptions.claim(future.id)).toBeUndefined();
    // A restore that was running and cannot reach its computer does not bring an undone one back.
    s.exceptions.release(restoring.id);
    expect(rawRow(file, restoring.id)?.status).toBe('undone');
    expect(s.exceptions.claim(restoring.id)).toBeUndefined();
  });

  test('leaves finished rows as they were and counts only what it changed', () => {
    const { store: s, file } = temp();
    const restored = s.exceptions.add(exception(1000, 'desktop', { updateId: 7 }));
    const failed = s.exceptions.add(exception(1000, 'desktop', { updateId: 7 }));
    s.exceptions.claim(restored.id);
    s.exceptions.claim(failed.id);
    s.exceptions.finish(restored.id, 'restored', 1500);
    s.exceptions.finish(failed.id, 'failed', 1600);
    expect(s.exceptions.undoUpdate(7, 2000)).toBe(0);
    expect(rawRow(file, restored.id)).toEqual({ status: 'restored', ended_at: 1500 });
    expect(rawRow(file, failed.id)).toEqual({ status: 'failed', ended_at: 1600 });
  });

  test('happens once: a second undo of the same update changes nothing', () => {
    const { store: s, file } = temp();
    const added = s.exceptions.add(exception(1000, 'desktop', { updateId: 7 }));
    expect(s.exceptions.undoUpdate(7, 2000)).toBe(1);
    expect(s.exceptions.undoUpdate(7, 3000)).toBe(0);
    expect(rawRow(file, added.id)).toEqual({ status: 'undone', ended_at: 2000 });
  });

  test('rows without an update are not touched by any undo', () => {
    const s = store();
    const added = s.exceptions.add(exception(1000, 'desktop', { updateId: undefined }));
    expect(s.exceptions.undoUpdate(0, 2000)).toBe(0);
    expect(ids(s.exceptions.due(5000))).toEqual([added.id]);
  });
});

describe('ExceptionStore settleRestoring', () => {
  test('at start, what was being restored waits again; others stay as they were', () => {
    const { store: s, file } = temp();
    const a = s.exceptions.add(exception(1000));
    const b = s.exceptions.add(exception(1000, 'laptop'));
    const done = s.exceptions.add(exception(1000));
    const waiting = s.exceptions.add(exception(1000));
    const undone = s.exceptions.add(exception(1000, 'desktop', { updateId: 9 }));
    s.exceptions.claim(a.id);
    s.exceptions.claim(b.id);
    s.exceptions.claim(done.id);
    s.exceptions.finish(done.id, 'kept', 1500);
    s.exceptions.undoUpdate(9, 1600);
    expect(s.exceptions.settleRestoring()).toBe(2);
    expect(ids(s.exceptions.due(5000))).toEqual([waiting.id, b.id, a.id]);
    expect(rawRow(file, done.id)?.status).toBe('kept');
    expect(rawRow(file, undone.id)?.status).toBe('undone');
    expect(s.exceptions.settleRestoring()).toBe(0);
  });

  test('nothing being restored: nothing settled', () => {
    const s = store();
    s.exceptions.add(exception(1000));
    expect(s.exceptions.settleRestoring()).toBe(0);
    expect(s.exceptions.due(5000)).toHaveLength(1);
  });
});
