import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import type { NewProfileChoice } from '../../../src/storage/profiles.ts';
import { Store } from '../../../src/storage/store.ts';
import { tempStore } from '../../support/bot-config.ts';

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function temp() {
  const made = tempStore();
  removes.push(made.remove);
  return made;
}

const store = () => temp().store;

const choice = (profileId: string, updateId: number | undefined, childId = 'mia', at = 1000): NewProfileChoice => ({
  at,
  childId,
  profileId,
  updateId,
  byId: 1001,
  byName: 'Anna',
});

describe('ProfileStore choices', () => {
  test('no choice yet: current is undefined (the config decides)', () => {
    const s = store();
    expect(s.profiles.current('mia')).toBeUndefined();
  });

  test('choose returns the record with a new id, and current reads it back field by field', () => {
    const s = store();
    const made = s.profiles.choose(choice('school', 7, 'mia', 1234));
    expect(made).toEqual({ id: made.id, at: 1234, childId: 'mia', profileId: 'school', updateId: 7, byId: 1001, byName: 'Anna' });
    expect(made.id).toBeGreaterThan(0);
    expect(s.profiles.current('mia')).toEqual(made);
  });

  test('a choice without an update reads back with updateId undefined', () => {
    const s = store();
    s.profiles.choose(choice('school', undefined));
    const current = s.profiles.current('mia');
    expect(current?.profileId).toBe('school');
    expect(current).toHaveProperty('updateId', undefined);
  });

  test('the latest choice wins, even when an earlier one carries a later time', () => {
    const s = store();
    s.profiles.choose(choice('school', 1, 'mia', 5000));
    const latest = s.profiles.choose(choice('holidays', 2, 'mia', 4000));
    expect(s.profiles.current('mia')).toEqual(latest);
    const third = s.profiles.choose(choice('weekend', 3, 'mia', 6000));
    expect(s.profiles.current('mia')?.profileId).toBe('weekend');
    expect(s.profiles.current('mia')?.id).toBe(third.id);
  });

  test('undoChoices brings back the previous choice, then the one before, then none', () => {
    const s = store();
    s.profiles.choose(choice('school', 1));
    s.profiles.choose(choice('holidays', 2));
    s.profiles.choose(choice('weekend', 3));
    expect(s.profiles.undoChoices(3, 100)).toHaveLength(1);
    expect(s.profiles.current('mia')?.profileId).toBe('holidays');
    expect(s.profiles.undoChoices(2, 101)).toHaveLength(1);
    expect(s.profiles.current('mia')?.profileId).toBe('school');
    expect(s.profiles.undoChoices(1, 102)).toHaveLength(1);
    expect(s.profiles.current('mia')).toBeUndefined();
  });

  test('undoing a choice that is not the latest leaves the latest in force', () => {
    const s = store();
    s.profiles.choose(choice('school', 1));
    s.profiles.choose(choice('holidays', 2));
    s.profiles.choose(choice('weekend', 3));
    expect(s.profiles.undoChoices(2, 100)).toHaveLength(1);
    expect(s.profiles.current('mia')?.profileId).toBe('weekend');
    // And once the latest goes too, the one before the undone one is back, not the undone one.
    expect(s.profiles.undoChoices(3, 101)).toHaveLength(1);
    expect(s.profiles.current('mia')?.profileId).toBe('school');
  });

  test('undoChoices counts once: an update undone already, or one that chose nothing, changes nothing', () => {
    const s = store();
    s.profiles.choose(choice('school', 1));
    s.profiles.choose(choice('holidays', 2));
    expect(s.profiles.undoChoices(2, 100)).toHaveLength(1);
    expect(s.profiles.undoChoices(2, 101)).toHaveLength(0);
    expect(s.profiles.undoChoices(99, 102)).toHaveLength(0);
    expect(s.profiles.current('mia')?.profileId).toBe('school');
  });

  test('one update that chose for several children is undone for all of them, and counted', () => {
    const s = store();
    s.profiles.choose(choice('school', 1, 'mia'));
    s.profiles.choose(choice('school', 1, 'leo'));
    s.profiles.choose(choice('holidays', 2, 'mia'));
    s.profiles.choose(choice('holidays', 2, 'leo'));
    expect(s.profiles.undoChoices(2, 100)).toHaveLength(2);
    expect(s.profiles.current('mia')?.profileId).toBe('school');
    expect(s.profiles.current('leo')?.profileId).toBe('school');
  });

  test('a choice without an update is never undone by undoChoices', () => {
    const s = store();
    s.profiles.choose(choice('school', undefined));
    expect(s.profiles.undoChoices(0, 100)).toHaveLength(0);
    expect(s.profiles.current('mia')?.profileId).toBe('school');
  });

  test("children are kept apart: one child's choice and undo do not touch another's", () => {
    const s = store();
    s.profiles.choose(choice('school', 1, 'mia'));
    expect(s.profiles.current('leo')).toBeUndefined();
    s.profiles.choose(choice('holidays', 2, 'leo'));
    s.profiles.choose(choice('weekend', 3, 'mia'));
    expect(s.profiles.current('mia')?.profileId).toBe('weekend');
    expect(s.profiles.current('leo')?.profileId).toBe('holidays');
    expect(s.profiles.undoChoices(2, 100)).toHaveLength(1);
    expect(s.profiles.current('leo')).toBeUndefined();
    expect(s.profiles.current('mia')?.profileId).toBe('weekend');
  });

  test('choices survive closing and opening the database again', () => {
    const { store: s, file } = temp();
    s.profiles.choose(choice('school', 1));
    s.profiles.choose(choice('holidays', 2));
    s.profiles.undoChoices(2, 100);
    s.close();
    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.error);
    const again = new Store(opened.value);
    try {
      expect(again.profiles.current('mia')?.profileId).toBe('school');
    } finally {
      again.close();
    }
  });
});

describe('ProfileStore expected settings', () => {
  test('nothing expected yet: undefined', () => {
    const s = store();
    expect(s.profiles.expected('mia', 'desktop')).toBeUndefined();
  });

  test('round trip, and a second write overwrites the first', () => {
    const s = store();
    const first = JSON.stringify({ weekdays: [1, 2, 3], limit: 5400 });
    s.profiles.setExpected('mia', 'desktop', first, 1000);
    expect(s.profiles.expected('mia', 'desktop')).toBe(first);
    const second = JSON.stringify({ weekdays: [1, 2, 3, 4, 5], limit: 3600 });
    s.profiles.setExpected('mia', 'desktop', second, 2000);
    expect(s.profiles.expected('mia', 'desktop')).toBe(second);
  });

  test('kept per child and per computer', () => {
    const s = store();
    s.profiles.setExpected('mia', 'desktop', '"mia-desktop"', 1);
    s.profiles.setExpected('mia', 'laptop', '"mia-laptop"', 2);
    s.profiles.setExpected('leo', 'desktop', '"leo-desktop"', 3);
    expect(s.profiles.expected('mia', 'desktop')).toBe('"mia-desktop"');
    expect(s.profiles.expected('mia', 'laptop')).toBe('"mia-laptop"');
    expect(s.profiles.expected('leo', 'desktop')).toBe('"leo-desktop"');
    expect(s.profiles.expected('leo', 'laptop')).toBeUndefined();
    s.profiles.setExpected('mia', 'desktop', '"changed"', 4);
    expect(s.profiles.expected('mia', 'desktop')).toBe('"changed"');
    expect(s.profiles.expected('mia', 'laptop')).toBe('"mia-laptop"');
    expect(s.profiles.expected('leo', 'desktop')).toBe('"leo-desktop"');
  });
});

describe('ProfileStore reported differences', () => {
  test('the first time, every difference is new; the same ones again are not', () => {
    const s = store();
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['mon.limit', 'tue.hours'], 1)).toEqual(['mon.limit', 'tue.hours']);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['mon.limit', 'tue.hours'], 2)).toEqual([]);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['tue.hours', 'mon.limit'], 3)).toEqual([]);
  });

  test('only the keys not reported before come back', () => {
    const s = store();
    s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 1);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b', 'c'], 2)).toEqual(['c']);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['d', 'a', 'b', 'c'], 3)).toEqual(['d']);
  });

  test('a key given twice at once is new once', () => {
    const s = store();
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'a', 'b'], 1)).toEqual(['a', 'b']);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 2)).toEqual([]);
  });

  test('a vanished difference is forgotten: when it comes back it is new again', () => {
    const s = store();
    s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 1);
    // 'a' was fixed on the computer.
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['b'], 2)).toEqual([]);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 3)).toEqual(['a']);
    // Everything fixed, then everything back.
    expect(s.profiles.takeNewDifferences('mia', 'desktop', [], 4)).toEqual([]);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 5)).toEqual(['a', 'b']);
  });

  test('kept per child and per computer', () => {
    const s = store();
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a'], 1)).toEqual(['a']);
    expect(s.profiles.takeNewDifferences('mia', 'laptop', ['a'], 2)).toEqual(['a']);
    expect(s.profiles.takeNewDifferences('leo', 'desktop', ['a'], 3)).toEqual(['a']);
    // Forgetting on one computer does not forget on another.
    expect(s.profiles.takeNewDifferences('mia', 'desktop', [], 4)).toEqual([]);
    expect(s.profiles.takeNewDifferences('mia', 'laptop', ['a'], 5)).toEqual([]);
    expect(s.profiles.takeNewDifferences('leo', 'desktop', ['a'], 6)).toEqual([]);
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a'], 7)).toEqual(['a']);
  });

  test('the transaction is closed afterwards: other writes still work', () => {
    const s = store();
    s.profiles.takeNewDifferences('mia', 'desktop', ['a'], 1);
    s.profiles.setExpected('mia', 'desktop', '{}', 2);
    s.profiles.choose(choice('school', 1));
    expect(s.profiles.expected('mia', 'desktop')).toBe('{}');
    expect(s.profiles.current('mia')?.profileId).toBe('school');
    expect(s.profiles.takeNewDifferences('mia', 'desktop', ['a', 'b'], 3)).toEqual(['b']);
  });
});
