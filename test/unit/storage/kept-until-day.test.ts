import { afterEach, describe, expect, test } from 'vitest';
import type { NewKept } from '../../../src/storage/kept.ts';
import { tempStore } from '../../support/bot-config.ts';

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function store() {
  const temp = tempStore();
  removes.push(temp.remove);
  return temp.store;
}

const base: NewKept = {
  at: 1000,
  day: '2026-12-01',
  kind: 'add',
  childId: 'mia',
  machineId: 'desktop',
  minutes: 15,
  byId: 1001,
  byName: 'Anna',
  chatId: -100,
};

const rules = (more: Partial<NewKept> = {}): NewKept => ({ ...base, kind: 'rules', minutes: 0, edit: '{"hours":"8-22"}', updateId: 42, ...more });

const ids = (records: readonly { readonly id: number }[]) => records.map((record) => record.id);

describe('KeptStore untilDay', () => {
  test('untilDay is stored and read back; without it, it reads back undefined', () => {
    const s = store();
    const until = s.kept.keep(rules({ untilDay: '2026-12-03' }));
    const without = s.kept.keep(rules());
    expect(until.untilDay).toBe('2026-12-03');
    expect(s.kept.get(until.id)?.untilDay).toBe('2026-12-03');
    expect(without.untilDay).toBeUndefined();
    expect(s.kept.get(without.id)).toHaveProperty('untilDay', undefined);
    expect(s.kept.get(until.id)).toMatchObject({ kind: 'rules', edit: '{"hours":"8-22"}', updateId: 42, status: 'kept' });
  });

  test('a rules change is kept through its last day and dropped the day after', () => {
    const s = store();
    const until = s.kept.keep(rules({ untilDay: '2026-12-03' }));
    expect(s.kept.dropBefore('2026-12-02', 2000)).toEqual([]);
    expect(s.kept.dropBefore('2026-12-03', 3000)).toEqual([]);
    expect(ids(s.kept.waiting())).toEqual([until.id]);
    const dropped = s.kept.dropBefore('2026-12-04', 4000);
    expect(ids(dropped)).toEqual([until.id]);
    expect(dropped[0]?.status).toBe('dropped');
    expect(s.kept.get(until.id)?.status).toBe('dropped');
    expect(s.kept.waiting()).toEqual([]);
    // Once only.
    expect(s.kept.dropBefore('2026-12-05', 5000)).toEqual([]);
  });

  test('a dropped one can no longer be claimed', () => {
    const s = store();
    const until = s.kept.keep(rules({ untilDay: '2026-12-03' }));
    s.kept.dropBefore('2026-12-04', 4000);
    expect(s.kept.claim(until.id, 4001)).toBeUndefined();
  });

  test('a rules change without untilDay is never dropped, however old its day', () => {
    const s = store();
    const old = s.kept.keep(rules({ day: '2020-01-01' }));
    expect(s.kept.dropBefore('2026-12-04', 4000)).toEqual([]);
    expect(s.kept.dropBefore('2099-12-31', 5000)).toEqual([]);
    expect(ids(s.kept.waiting())).toEqual([old.id]);
    expect(s.kept.get(old.id)?.status).toBe('kept');
  });

  test('a rules change is dropped by its untilDay, not by the day it was asked', () => {
    const s = store();
    const asked = s.kept.keep(rules({ day: '2026-12-01', untilDay: '2026-12-05' }));
    expect(s.kept.dropBefore('2026-12-03', 3000)).toEqual([]);
    expect(ids(s.kept.dropBefore('2026-12-06', 6000))).toEqual([asked.id]);
  });

  test("'add' and 'pause' changes are still dropped when their day is over", () => {
    const s = store();
    const add = s.kept.keep(base);
    const pause = s.kept.keep({ ...base, kind: 'pause', minutes: 0 });
    const today = s.kept.keep({ ...base, day: '2026-12-02' });
    expect(s.kept.dropBefore('2026-12-01', 1000)).toEqual([]);
    expect(ids(s.kept.dropBefore('2026-12-02', 2000))).toEqual([add.id, pause.id]);
    expect(ids(s.kept.waiting())).toEqual([today.id]);
  });

  test('an add with a later untilDay is still dropped by its day; an earlier untilDay drops it sooner', () => {
    const s = store();
    const later = s.kept.keep({ ...base, day: '2026-12-01', untilDay: '2026-12-09' });
    const sooner = s.kept.keep({ ...base, day: '2026-12-05', untilDay: '2026-12-02' });
    expect(ids(s.kept.dropBefore('2026-12-02', 2000))).toEqual([later.id]);
    expect(ids(s.kept.dropBefore('2026-12-03', 3000))).toEqual([sooner.id]);
    expect(s.kept.waiting()).toEqual([]);
  });

  test('only waiting changes are dropped: one being applied, done or cancelled is left as it is', () => {
    const s = store();
    const applying = s.kept.keep(rules({ untilDay: '2026-12-03', machineId: 'a' }));
    const done = s.kept.keep(rules({ untilDay: '2026-12-03', machineId: 'b' }));
    const cancelled = s.kept.keep(rules({ untilDay: '2026-12-03', machineId: 'c' }));
    const waiting = s.kept.keep(rules({ untilDay: '2026-12-03', machineId: 'd' }));
    s.kept.claim(applying.id, 10);
    s.kept.claim(done.id, 10);
    s.kept.finish(done.id, 11);
    s.kept.setMessage([cancelled.id], 77);
    s.kept.cancel(cancelled.id, 'Ben', 12, { chatId: -100, messageId: 77 });
    expect(ids(s.kept.dropBefore('2026-12-04', 4000))).toEqual([waiting.id]);
    expect(s.kept.get(applying.id)?.status).toBe('applying');
    expect(s.kept.get(done.id)?.status).toBe('done');
    expect(s.kept.get(cancelled.id)?.status).toBe('cancelled');
  });

  test('a mix: the right ones go, in the order they were kept', () => {
    const s = store();
    const oldAdd = s.kept.keep({ ...base, day: '2026-12-02' });
    const forever = s.kept.keep(rules({ day: '2026-11-01' }));
    const expired = s.kept.keep(rules({ untilDay: '2026-12-02' }));
    const lastDay = s.kept.keep(rules({ untilDay: '2026-12-03' }));
    const todayAdd = s.kept.keep({ ...base, day: '2026-12-03' });
    expect(ids(s.kept.dropBefore('2026-12-03', 3000))).toEqual([oldAdd.id, expired.id]);
    expect(ids(s.kept.waiting())).toEqual([forever.id, lastDay.id, todayAdd.id]);
  });
});
