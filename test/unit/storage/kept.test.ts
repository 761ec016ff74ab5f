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

const plus = (minutes: number, machineId = 'desktop', day = '2026-12-01'): NewKept => ({
  at: 1000 + minutes,
  day,
  kind: 'add',
  childId: 'mia',
  machineId,
  minutes,
  byId: 1001,
  byName: 'Anna',
  chatId: -100,
});

describe('KeptStore', () => {
  test('waits in the order kept, per computer; a claim takes one once and writes its pending ledger row', () => {
    const s = store();
    const first = s.kept.keep(plus(15));
    s.kept.keep(plus(5, 'laptop'));
    const second = s.kept.keep(plus(30));
    expect(s.kept.waiting('desktop').map((kept) => kept.minutes)).toEqual([15, 30]);
    expect(s.kept.waiting().map((kept) => kept.minutes)).toEqual([15, 5, 30]);

    const claimed = s.kept.claim(first.id, 5000);
    expect(claimed?.kept.status).toBe('applying');
    expect(claimed?.changeId).toBeTypeOf('number');
    expect(s.kept.claim(first.id, 5001)).toBeUndefined();
    const ledger = s.history(0).flatMap((entry) => (entry.kind === 'change' ? [entry.change] : []));
    expect(ledger).toMatchObject([{ at: 5000, minutes: 15, parentName: 'Anna', chatId: -100, outcome: { kind: 'pending' } }]);
    expect(s.kept.waiting('desktop').map((kept) => kept.id)).toEqual([second.id]);

    // Found off again: it waits again, first in line.
    s.kept.release(first.id);
    expect(s.kept.waiting('desktop').map((kept) => kept.id)).toEqual([first.id, second.id]);
    expect(s.kept.get(first.id)?.changeId).toBeUndefined();
  });

  test('cancel, drop and finish each happen once; a cancelled one cannot be claimed', () => {
    const s = store();
    const a = s.kept.keep(plus(15));
    const b = s.kept.keep(plus(30, 'desktop', '2026-11-30'));
    s.kept.setMessage([a.id], 77);
    // Only through the button of the message that carries it.
    expect(s.kept.cancel(a.id, 'Ben', 2000, { chatId: -100, messageId: 78 })).toBeUndefined();
    expect(s.kept.cancel(a.id, 'Ben', 2000, { chatId: -100, messageId: 77 })?.status).toBe('cancelled');
    expect(s.kept.cancel(a.id, 'Ben', 2001, { chatId: -100, messageId: 77 })).toBeUndefined();
    expect(s.kept.claim(a.id, 2002)).toBeUndefined();
    expect(s.kept.dropBefore('2026-12-01', 3000).map((kept) => kept.id)).toEqual([b.id]);
    expect(s.kept.dropBefore('2026-12-01', 3001)).toEqual([]);
    expect(s.kept.waiting()).toEqual([]);
  });

  test('the message with the Cancel buttons lists only what still waits there', () => {
    const s = store();
    const a = s.kept.keep(plus(15));
    const b = s.kept.keep(plus(30, 'laptop'));
    s.kept.setMessage([a.id, b.id], 77);
    expect(s.kept.waitingOnMessage(-100, 77).map((kept) => kept.id)).toEqual([a.id, b.id]);
    s.kept.cancel(a.id, 'Ben', 1, { chatId: -100, messageId: 77 });
    expect(s.kept.waitingOnMessage(-100, 77).map((kept) => kept.id)).toEqual([b.id]);
    expect(s.kept.waitingOnMessage(-100, 78)).toEqual([]);
  });

  test('a waiting pause is cancelled by resuming that child on that computer only', () => {
    const s = store();
    const pause = s.kept.keep({ ...plus(0), kind: 'pause' });
    const add = s.kept.keep(plus(15));
    const other = s.kept.keep({ ...plus(0, 'laptop'), kind: 'pause' });
    expect(s.kept.cancelPauses('mia', 'desktop', 'Ben', 5).map((kept) => kept.id)).toEqual([pause.id]);
    expect(s.kept.waiting().map((kept) => kept.id)).toEqual([add.id, other.id]);
  });

  test('at start, what a stopped bot was applying is settled: an added time as done (its ledger row reports it), a pause waits again', () => {
    const s = store();
    const a = s.kept.keep(plus(15));
    const pause = s.kept.keep({ ...plus(0), kind: 'pause' });
    s.kept.claim(a.id, 10);
    s.kept.claim(pause.id, 10);
    expect(s.kept.settleApplying(20)).toBe(2);
    expect(s.kept.get(a.id)?.status).toBe('done');
    expect(s.kept.get(pause.id)?.status).toBe('kept');
    expect(s.takeInterruptedChanges().map((change) => change.minutes)).toEqual([15]);
  });

  test('a resume cancels a pause being applied too; the pause then sees it is no longer wanted', () => {
    const s = store();
    const pause = s.kept.keep({ ...plus(0), kind: 'pause' });
    s.kept.claim(pause.id, 10);
    expect(s.kept.stillApplying(pause.id)).toBe(true);
    expect(s.kept.cancelPauses('mia', 'desktop', 'Ben', 11).map((kept) => kept.id)).toEqual([pause.id]);
    expect(s.kept.stillApplying(pause.id)).toBe(false);
  });
});
