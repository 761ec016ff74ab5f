import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import { Store } from '../../../src/storage/store.ts';
import type { UsageDay } from '../../../src/storage/usage.ts';
import { tempStore } from '../../support/bot-config.ts';

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function temp() {
  const made = tempStore();
  removes.push(made.remove);
  return made;
}

/** The Store a restarted bot opens over the same file. */
function reopen(file: string): Store {
  const database = openDatabase(file);
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);
  removes.push(() => store.close());
  return store;
}

const reading = (fields: Partial<Omit<UsageDay, 'estimated'>> = {}): Omit<UsageDay, 'estimated'> => ({
  childId: 'mia',
  machineId: 'desktop',
  day: '2026-12-01',
  at: 1000,
  secondsSpent: 600,
  limitSeconds: 3600,
  complete: false,
  ...fields,
});

describe('UsageStore.record', () => {
  test('keeps a reading with all its facts', () => {
    const { store } = temp();
    store.usage.record(reading({ limitSeconds: undefined }));
    expect(store.usage.days('2026-12-01', '2026-12-01')).toEqual([
      { childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 1000, secondsSpent: 600, limitSeconds: undefined, complete: false, estimated: false },
    ]);
  });

  test('a day keeps its latest reading: a later one replaces, an older one (arriving late) changes nothing', () => {
    const { store } = temp();
    store.usage.record(reading({ at: 1000, secondsSpent: 600 }));
    store.usage.record(reading({ at: 2000, secondsSpent: 900, limitSeconds: 5400 }));
    store.usage.record(reading({ at: 1500, secondsSpent: 700, limitSeconds: 60 }));
    expect(store.usage.days('2026-12-01', '2026-12-01')).toMatchObject([{ at: 2000, secondsSpent: 900, limitSeconds: 5400 }]);
  });

  test('a day once final stays final', () => {
    const { store } = temp();
    store.usage.record(reading({ at: 1000, complete: true }));
    store.usage.record(reading({ at: 2000, secondsSpent: 700, complete: false }));
    expect(store.usage.days('2026-12-01', '2026-12-01')).toMatchObject([{ at: 2000, secondsSpent: 700, complete: true }]);
  });

  test('one row per child, computer and day', () => {
    const { store } = temp();
    store.usage.record(reading());
    store.usage.record(reading({ machineId: 'laptop', secondsSpent: 300 }));
    store.usage.record(reading({ childId: 'leo', secondsSpent: 100 }));
    store.usage.record(reading({ day: '2026-12-02', secondsSpent: 200 }));
    expect(store.usage.days('2026-12-01', '2026-12-02').map((row) => [row.day, row.childId, row.machineId, row.secondsSpent])).toEqual([
      ['2026-12-01', 'leo', 'desktop', 100],
      ['2026-12-01', 'mia', 'desktop', 600],
      ['2026-12-01', 'mia', 'laptop', 300],
      ['2026-12-02', 'mia', 'desktop', 200],
    ]);
  });

  test('a day is never counted twice across a restart: it keeps the last reading', () => {
    const { store, file } = temp();
    store.usage.record(reading({ at: 1000, secondsSpent: 600 }));
    store.close();
    const restarted = reopen(file);
    restarted.usage.record(reading({ at: 2000, secondsSpent: 900 }));
    // A reading from before the restart that was still on its way changes nothing.
    restarted.usage.record(reading({ at: 1500, secondsSpent: 700 }));
    const rows = restarted.usage.days('2026-12-01', '2026-12-01');
    expect(rows).toHaveLength(1);
    expect(rows.reduce((sum, row) => sum + row.secondsSpent, 0)).toBe(900);
  });
});

describe('UsageStore.days', () => {
  test('from and to are inclusive, and may be for one child', () => {
    const { store } = temp();
    for (const day of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']) {
      store.usage.record(reading({ day }));
      store.usage.record(reading({ day, childId: 'leo' }));
    }
    expect(store.usage.days('2026-12-01', '2026-12-02').map((row) => `${row.day} ${row.childId}`)).toEqual([
      '2026-12-01 leo',
      '2026-12-01 mia',
      '2026-12-02 leo',
      '2026-12-02 mia',
    ]);
    expect(store.usage.days('2026-12-01', '2026-12-02', 'leo').map((row) => `${row.day} ${row.childId}`)).toEqual(['2026-12-01 leo', '2026-12-02 leo']);
    expect(store.usage.days('2026-12-04', '2026-12-31')).toEqual([]);
  });
});

describe('UsageStore.estimate', () => {
  test('fills a day with no reading, once, marked estimated and final', () => {
    const { store } = temp();
    expect(store.usage.estimate({ childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 9000, secondsSpent: 1200 })).toBe(true);
    expect(store.usage.estimate({ childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 9500, secondsSpent: 50 })).toBe(false);
    expect(store.usage.days('2026-12-01', '2026-12-01')).toEqual([
      { childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 9000, secondsSpent: 1200, limitSeconds: undefined, complete: true, estimated: true },
    ]);
  });

  test('never over a reading', () => {
    const { store } = temp();
    store.usage.record(reading({ secondsSpent: 600 }));
    expect(store.usage.estimate({ childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 9000, secondsSpent: 1200 })).toBe(false);
    expect(store.usage.days('2026-12-01', '2026-12-01')).toMatchObject([{ secondsSpent: 600, estimated: false }]);
  });

  test('a reading replaces an estimate, though it was read before the estimate was made', () => {
    const { store } = temp();
    store.usage.estimate({ childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: 9000, secondsSpent: 1200 });
    store.usage.record(reading({ at: 1000, secondsSpent: 1100 }));
    expect(store.usage.days('2026-12-01', '2026-12-01')).toMatchObject([{ at: 1000, secondsSpent: 1100, estimated: false }]);
  });
});

describe('UsageStore.claimDigest', () => {
  test('a week\'s digest is claimed once, also by the bot after a restart', () => {
    const { store, file } = temp();
    expect(store.usage.claimDigest('2026-12-06', 1000)).toBe(true);
    expect(store.usage.claimDigest('2026-12-06', 2000)).toBe(false);
    // A second Store over the same file, while the first is still open (as WAL allows), then after it closed.
    expect(reopen(file).usage.claimDigest('2026-12-06', 3000)).toBe(false);
    store.close();
    const restarted = reopen(file);
    expect(restarted.usage.claimDigest('2026-12-06', 4000)).toBe(false);
    expect(restarted.usage.claimDigest('2026-12-13', 5000)).toBe(true);
    expect(restarted.usage.claimDigest('2026-12-13', 5001)).toBe(false);
  });

  test('a released digest (it reached no chat) can be claimed again, once', () => {
    const { store } = temp();
    expect(store.usage.claimDigest('2026-12-06', 1000)).toBe(true);
    expect(store.usage.claimDigest('2026-12-13', 1000)).toBe(true);
    store.usage.releaseDigest('2026-12-06');
    expect(store.usage.claimDigest('2026-12-06', 2000)).toBe(true);
    expect(store.usage.claimDigest('2026-12-06', 2001)).toBe(false);
    // Only that one was released.
    expect(store.usage.claimDigest('2026-12-13', 2002)).toBe(false);
  });
});
