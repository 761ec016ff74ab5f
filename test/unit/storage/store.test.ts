import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import { atOf, Store, type AlertRecord, type ChangeStart } from '../../../src/storage/store.ts';
import { tempStore } from '../../support/bot-config.ts';

let store: Store;
let file: string;
let remove: () => void;

beforeEach(() => {
  ({ store, file, remove } = tempStore());
});

afterEach(() => remove());

const DAY_MS = 24 * 3600_000;


function change(fields: Partial<ChangeStart> = {}): ChangeStart {
  return { at: 1000, parentId: 1001, parentName: 'Anna', childId: 'mia', machineId: 'desktop', minutes: 15, ...fields };
}

function alert(fields: Partial<AlertRecord> = {}): AlertRecord {
  return { at: 1000, childId: 'mia', machineId: 'desktop', kind: 'low', thresholdMinutes: 5, secondsLeft: 240, ...fields };
}

describe('Store.beginUpdate', () => {
  test('the first time: one id per change, recorded as pending', () => {
    const ids = store.beginUpdate(7, 'cbq-1', [change(), change({ machineId: 'laptop', minutes: -10 })]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(store.changesOfUpdate(7)).toEqual([
      { id: ids?.[0], ...change(), outcome: { kind: 'pending' } },
      { id: ids?.[1], ...change({ machineId: 'laptop', minutes: -10 }), outcome: { kind: 'pending' } },
    ]);
  });

  test('the same update again: undefined, and nothing more is recorded', () => {
    expect(store.beginUpdate(7, undefined, [change()])).toHaveLength(1);
    expect(store.beginUpdate(7, undefined, [change({ minutes: 60 }), change({ minutes: 30 })])).toBeUndefined();
    expect(store.changesOfUpdate(7).map((record) => record.minutes)).toEqual([15]);
    expect(store.history(0)).toHaveLength(1);
  });

  test('an update with no changes is still claimed', () => {
    expect(store.beginUpdate(8, undefined, [])).toEqual([]);
    expect(store.beginUpdate(8, undefined, [change()])).toBeUndefined();
    expect(store.changesOfUpdate(8)).toEqual([]);
  });

  test('other updates are independent', () => {
    store.beginUpdate(1, undefined, [change()]);
    expect(store.beginUpdate(2, undefined, [change({ childId: 'leo' })])).toHaveLength(1);
    expect(store.changesOfUpdate(1).map((record) => record.childId)).toEqual(['mia']);
    expect(store.changesOfUpdate(2).map((record) => record.childId)).toEqual(['leo']);
    expect(store.changesOfUpdate(3)).toEqual([]);
  });

  test('a claimed update survives closing and reopening the database', () => {
    store.beginUpdate(9, undefined, [change()]);
    store.close();
    const reopened = openDatabase(file);
    if (!reopened.ok) throw new Error(reopened.error);
    const again = new Store(reopened.value);
    try {
      expect(again.beginUpdate(9, undefined, [change()])).toBeUndefined();
      expect(again.changesOfUpdate(9)).toHaveLength(1);
    } finally {
      again.close();
    }
  });
});

describe('Store.finishChange', () => {
  test('records the outcome of each change', () => {
    const [applied, failed, unknown] = store.beginUpdate(7, undefined, [change(), change({ machineId: 'laptop' }), change({ childId: 'leo' })]) ?? [];
    if (applied === undefined || failed === undefined || unknown === undefined) throw new Error('no ids');
    store.finishChange(applied, { kind: 'applied', secondsLeft: 3900 });
    store.finishChange(failed, { kind: 'failed', failure: 'unreachable' });
    store.finishChange(unknown, { kind: 'unknown', failure: 'timeout' });
    expect(store.changesOfUpdate(7).map(({ id, outcome }) => ({ id, outcome }))).toEqual([
      { id: applied, outcome: { kind: 'applied', secondsLeft: 3900 } },
      { id: failed, outcome: { kind: 'failed', failure: 'unreachable' } },
      { id: unknown, outcome: { kind: 'unknown', failure: 'timeout' } },
    ]);
  });

  test('a change made but not read back, and a capped one, keep their kind', () => {
    const [notRead, capped] = store.beginUpdate(8, undefined, [change(), change({ machineId: 'laptop' })]) ?? [];
    store.finishChange(notRead ?? -1, { kind: 'not-read-back', failure: 'busy' });
    store.finishChange(capped ?? -1, { kind: 'capped', secondsLeft: 60 });
    expect(store.changesOfUpdate(8).map(({ outcome }) => outcome)).toEqual([
      { kind: 'not-read-back', failure: 'busy' },
      { kind: 'capped', secondsLeft: 60 },
    ]);
  });

  test('a change left unfinished stays pending', () => {
    const [first] = store.beginUpdate(7, undefined, [change(), change({ machineId: 'laptop' })]) ?? [];
    store.finishChange(first ?? -1, { kind: 'capped', secondsLeft: 60 });
    expect(store.changesOfUpdate(7).map((record) => record.outcome.kind)).toEqual(['capped', 'pending']);
  });
});

describe('Store.takeInterruptedChanges', () => {
  test('returns the changes left pending (with their chat) once, and marks them interrupted', () => {
    const [done, cut] = store.beginUpdate(9, undefined, [change({ chatId: -100 }), change({ machineId: 'laptop', chatId: -100 })]) ?? [];
    store.finishChange(done ?? -1, { kind: 'applied', secondsLeft: 600 });
    const interrupted = store.takeInterruptedChanges();
    expect(interrupted.map((record) => [record.id, record.machineId, record.chatId, record.outcome.kind])).toEqual([[cut, 'laptop', -100, 'pending']]);
    expect(store.changesOfUpdate(9).map((record) => record.outcome)).toEqual([{ kind: 'applied', secondsLeft: 600 }, { kind: 'interrupted' }]);
    expect(store.takeInterruptedChanges()).toEqual([]);
  });
});

describe('Store.history', () => {
  test('changes and alerts together, newest first', () => {
    store.beginUpdate(1, undefined, [change({ at: 1000 })]);
    store.recordAlert(alert({ at: 2000 }));
    store.beginUpdate(2, undefined, [change({ at: 3000, minutes: 30 })]);
    store.recordAlert(alert({ at: 4000, kind: 'up', thresholdMinutes: undefined, secondsLeft: 0 }));
    const entries = store.history(0);
    expect(entries.map((entry) => [entry.kind, atOf(entry)])).toEqual([
      ['alert', 4000],
      ['change', 3000],
      ['alert', 2000],
      ['change', 1000],
    ]);
    expect(entries[0]).toEqual({ kind: 'alert', alert: alert({ at: 4000, kind: 'up', thresholdMinutes: undefined, secondsLeft: 0 }) });
    expect(entries[2]).toEqual({ kind: 'alert', alert: alert({ at: 2000 }) });
    expect(entries[1]).toMatchObject({ kind: 'change', change: { at: 3000, minutes: 30, parentName: 'Anna', outcome: { kind: 'pending' } } });
  });

  test('only entries at or after `since`', () => {
    store.beginUpdate(1, undefined, [change({ at: 999 }), change({ at: 1000 })]);
    store.recordAlert(alert({ at: 999 }));
    store.recordAlert(alert({ at: 1000 }));
    const entries = store.history(1000).map((entry) => `${entry.kind}@${atOf(entry)}`);
    expect(entries.sort()).toEqual(['alert@1000', 'change@1000']);
    expect(store.history(1001)).toEqual([]);
  });

  test('only one child when asked', () => {
    store.beginUpdate(1, undefined, [change({ at: 1000 }), change({ at: 1100, childId: 'leo' })]);
    store.recordAlert(alert({ at: 1200, childId: 'leo' }));
    store.recordAlert(alert({ at: 1300 }));
    expect(store.history(0, 'leo').map((entry) => [entry.kind, entry.kind === 'change' ? entry.change.childId : entry.kind === 'alert' ? entry.alert.childId : entry.kind === 'ask' ? entry.ask.childId : entry.rules.childId, atOf(entry)])).toEqual([
      ['alert', 'leo', 1200],
      ['change', 'leo', 1100],
    ]);
    expect(store.history(0, 'mia').map(atOf)).toEqual([1300, 1000]);
    expect(store.history(0, 'sam')).toEqual([]);
    expect(store.history(1150, 'leo').map(atOf)).toEqual([1200]);
  });

  test('finished changes show their outcome', () => {
    const [id] = store.beginUpdate(1, undefined, [change()]) ?? [];
    store.finishChange(id ?? -1, { kind: 'applied', secondsLeft: 120 });
    expect(store.history(0)).toEqual([{ kind: 'change', change: { id, ...change(), outcome: { kind: 'applied', secondsLeft: 120 } } }]);
  });
});

describe('Store alert state', () => {
  test('nothing saved: undefined', () => {
    expect(store.loadAlertState('mia', 'desktop')).toBeUndefined();
  });

  test('a saved state loads back as it was, and saving again replaces it', () => {
    store.saveAlertState('mia', 'desktop', { day: '2026-03-05', sent: [15, 5], timeUpSent: false });
    expect(store.loadAlertState('mia', 'desktop')).toEqual({ day: '2026-03-05', sent: [15, 5], timeUpSent: false });
    store.saveAlertState('mia', 'desktop', { day: '2026-03-06', sent: [], timeUpSent: true });
    expect(store.loadAlertState('mia', 'desktop')).toEqual({ day: '2026-03-06', sent: [], timeUpSent: true });
  });

  test('each child and machine has its own state', () => {
    store.saveAlertState('mia', 'desktop', { day: '2026-03-05', sent: [15], timeUpSent: false });
    store.saveAlertState('mia', 'laptop', { day: '2026-03-05', sent: [5], timeUpSent: true });
    expect(store.loadAlertState('mia', 'desktop')).toEqual({ day: '2026-03-05', sent: [15], timeUpSent: false });
    expect(store.loadAlertState('mia', 'laptop')).toEqual({ day: '2026-03-05', sent: [5], timeUpSent: true });
    expect(store.loadAlertState('leo', 'desktop')).toBeUndefined();
  });
});

describe('Store.prune', () => {
  test('forgets only processed updates older than a week; their changes stay in the history', () => {
    const now = 100 * DAY_MS;
    store.beginUpdate(1, undefined, [change({ at: now - 8 * DAY_MS })], now - 8 * DAY_MS);
    store.beginUpdate(2, undefined, [change({ at: now - 6 * DAY_MS })], now - 6 * DAY_MS);
    store.beginUpdate(3, undefined, [], now - 1000);
    store.prune(now);
    // The old one can be claimed again; the recent ones cannot.
    expect(store.beginUpdate(1, undefined, [], now)).toEqual([]);
    expect(store.beginUpdate(2, undefined, [], now)).toBeUndefined();
    expect(store.beginUpdate(3, undefined, [], now)).toBeUndefined();
    expect(store.history(0).map(atOf)).toEqual([now - 6 * DAY_MS, now - 8 * DAY_MS]);
  });

  test('nothing is forgotten when all updates are recent', () => {
    const now = 100 * DAY_MS;
    store.beginUpdate(1, undefined, [], now - 7 * DAY_MS + 1);
    store.prune(now);
    expect(store.beginUpdate(1, undefined, [], now)).toBeUndefined();
  });
});
