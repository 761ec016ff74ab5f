import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AskAnswer, AskStore, NewAsk } from '../../../src/storage/asks.ts';
import type { Store } from '../../../src/storage/store.ts';
import { CHILD_LEO, CHILD_MIA, FAMILY_CHAT, PARENT_ANNA, PARENT_BEN, tempStore } from '../../support/bot-config.ts';

let store: Store;
let asks: AskStore;
let remove: () => void;

beforeEach(() => {
  ({ store, remove } = tempStore());
  asks = store.asks;
});

afterEach(() => remove());

const MINUTE = 60_000;
const AT = 1_700_000_000_000;
const EXPIRES = AT + 30 * MINUTE;

function newAsk(fields: Partial<NewAsk> = {}): NewAsk {
  return {
    at: AT,
    childId: 'mia',
    askerId: CHILD_MIA,
    chatId: FAMILY_CHAT,
    messageId: 501,
    minutes: 30,
    reason: 'homework',
    machineId: 'desktop',
    expiresAt: EXPIRES,
    ...fields,
  };
}

const annaGives = (minutes = 30, machine = 'desktop'): AskAnswer => ({ kind: 'give', minutes, machine, byId: PARENT_ANNA, byName: 'Anna' });
const benGives = (minutes = 60, machine = 'desktop'): AskAnswer => ({ kind: 'give', minutes, machine, byId: PARENT_BEN, byName: 'Ben' });
const annaDenies: AskAnswer = { kind: 'deny', byId: PARENT_ANNA, byName: 'Anna' };
const benDenies: AskAnswer = { kind: 'deny', byId: PARENT_BEN, byName: 'Ben' };

describe('AskStore.create and get', () => {
  test('a new request is open, and reads back as it was given', () => {
    const created = asks.create(newAsk());
    expect(created).toEqual({ id: expect.any(Number) as unknown, ...newAsk(), state: { kind: 'open' } });
    expect(asks.get(created.id)).toEqual(created);
  });

  test('without a reason and a computer: both undefined', () => {
    const created = asks.create(newAsk({ reason: undefined, machineId: undefined }));
    expect(created.reason).toBeUndefined();
    expect(created.machineId).toBeUndefined();
    expect(asks.get(created.id)).toEqual(created);
  });

  test("the language the child asked in is kept (a code, no words); none when not given", () => {
    const german = asks.create(newAsk({ language: 'de' }));
    expect(asks.get(german.id)?.language).toBe('de');
    const plain = asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO }));
    expect(asks.get(plain.id)).not.toHaveProperty('language');
  });

  test('each request gets its own id; an unknown id is undefined', () => {
    const first = asks.create(newAsk());
    const second = asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO }));
    expect(second.id).not.toBe(first.id);
    expect(asks.get(second.id + 100)).toBeUndefined();
  });
});

describe('AskStore.openAsk', () => {
  test("the child's open request, until it runs out", () => {
    const created = asks.create(newAsk());
    expect(asks.openAsk('mia', AT)).toEqual(created);
    expect(asks.openAsk('mia', EXPIRES - 1)).toEqual(created);
    expect(asks.openAsk('mia', EXPIRES)).toBeUndefined();
  });

  test("another child's request is not theirs", () => {
    asks.create(newAsk());
    expect(asks.openAsk('leo', AT)).toBeUndefined();
  });

  test.each([
    ['given', annaGives()],
    ['denied', annaDenies],
  ] as const)('a request that was %s is not open', (_name, answer) => {
    const created = asks.create(newAsk());
    asks.claim(created.id, answer, AT + MINUTE);
    expect(asks.openAsk('mia', AT + MINUTE)).toBeUndefined();
  });

  test('an expired request is not open', () => {
    const created = asks.create(newAsk());
    asks.expireOne(created.id, AT + MINUTE);
    expect(asks.openAsk('mia', AT + MINUTE)).toBeUndefined();
  });

  test('of two open requests, the newer', () => {
    asks.create(newAsk());
    const newer = asks.create(newAsk({ at: AT + MINUTE, minutes: 15 }));
    expect(asks.openAsk('mia', AT + 2 * MINUTE)).toEqual(newer);
  });
});

describe('AskStore.claim: the first answer wins', () => {
  test('the first give is claimed, with who gave what where', () => {
    const created = asks.create(newAsk());
    const claim = asks.claim(created.id, annaGives(60, '*'), AT + MINUTE);
    expect(claim).toEqual({
      kind: 'claimed',
      ask: {
        ...created,
        state: { kind: 'given', at: AT + MINUTE, byId: PARENT_ANNA, byName: 'Anna', minutes: 60, machine: '*', secondsLeft: undefined, failure: undefined },
      },
    });
    expect(asks.get(created.id)).toEqual(claim.kind === 'claimed' ? claim.ask : undefined);
  });

  test('a second answer is closed and names the first answerer; nothing changes', () => {
    const created = asks.create(newAsk());
    expect(asks.claim(created.id, annaGives(), AT + MINUTE).kind).toBe('claimed');
    const before = asks.get(created.id);
    const second = asks.claim(created.id, benGives(), AT + 2 * MINUTE);
    expect(second).toEqual({ kind: 'closed', ask: before });
    expect(second.kind === 'closed' && second.ask.state.kind === 'given' ? second.ask.state.byName : undefined).toBe('Anna');
    expect(asks.claim(created.id, benDenies, AT + 3 * MINUTE)).toEqual({ kind: 'closed', ask: before });
    expect(asks.get(created.id)).toEqual(before);
  });

  test('a "no" first: a give afterwards is closed', () => {
    const created = asks.create(newAsk());
    const denied = asks.claim(created.id, annaDenies, AT + MINUTE);
    expect(denied).toEqual({ kind: 'claimed', ask: { ...created, state: { kind: 'denied', at: AT + MINUTE, byId: PARENT_ANNA, byName: 'Anna' } } });
    const give = asks.claim(created.id, benGives(), AT + 2 * MINUTE);
    expect(give.kind).toBe('closed');
    expect(asks.get(created.id)?.state).toEqual({ kind: 'denied', at: AT + MINUTE, byId: PARENT_ANNA, byName: 'Anna' });
  });

  test('the same parent answering twice: the second is closed too', () => {
    const created = asks.create(newAsk());
    expect(asks.claim(created.id, annaGives(), AT + MINUTE).kind).toBe('claimed');
    expect(asks.claim(created.id, annaGives(), AT + MINUTE).kind).toBe('closed');
  });

  test('after the expiry time, not yet swept: closed, and the request is still open in the store', () => {
    const created = asks.create(newAsk());
    const late = asks.claim(created.id, annaGives(), EXPIRES);
    expect(late).toEqual({ kind: 'closed', ask: created });
    expect(asks.get(created.id)?.state).toEqual({ kind: 'open' });
    expect(asks.claim(created.id, annaDenies, EXPIRES + MINUTE).kind).toBe('closed');
  });

  test('a millisecond before the expiry time: still claimed', () => {
    const created = asks.create(newAsk());
    expect(asks.claim(created.id, annaGives(), EXPIRES - 1).kind).toBe('claimed');
  });

  test('after it was swept as expired: closed, as expired', () => {
    const created = asks.create(newAsk());
    asks.expire(EXPIRES);
    const late = asks.claim(created.id, annaGives(), EXPIRES + MINUTE);
    expect(late.kind).toBe('closed');
    expect(late.kind === 'closed' ? late.ask.state : undefined).toEqual({ kind: 'expired' });
  });

  test('an unknown request: unknown', () => {
    expect(asks.claim(999, annaGives(), AT)).toEqual({ kind: 'unknown' });
    expect(asks.claim(999, annaDenies, AT)).toEqual({ kind: 'unknown' });
  });
});

describe('AskStore.lastDenied', () => {
  test('never denied: undefined', () => {
    asks.create(newAsk());
    expect(asks.lastDenied('mia')).toBeUndefined();
  });

  test('the time of the latest "no" to that child, not of gives nor of other children', () => {
    const first = asks.create(newAsk());
    asks.claim(first.id, annaDenies, AT + MINUTE);
    const second = asks.create(newAsk({ at: AT + 20 * MINUTE, expiresAt: AT + 50 * MINUTE }));
    asks.claim(second.id, benDenies, AT + 21 * MINUTE);
    const third = asks.create(newAsk({ at: AT + 40 * MINUTE, expiresAt: AT + 70 * MINUTE }));
    asks.claim(third.id, annaGives(), AT + 41 * MINUTE);
    const leo = asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO, at: AT + 50 * MINUTE, expiresAt: AT + 80 * MINUTE }));
    asks.claim(leo.id, annaDenies, AT + 55 * MINUTE);

    expect(asks.lastDenied('mia')).toBe(AT + 21 * MINUTE);
    expect(asks.lastDenied('leo')).toBe(AT + 55 * MINUTE);
  });
});

describe('AskStore.finishGiven', () => {
  test('records the time left after a give', () => {
    const created = asks.create(newAsk());
    asks.claim(created.id, annaGives(), AT + MINUTE);
    const finished = asks.finishGiven(created.id, { secondsLeft: 3000, failure: undefined });
    expect(finished?.state).toMatchObject({ kind: 'given', secondsLeft: 3000, failure: undefined, byName: 'Anna' });
    expect(asks.get(created.id)).toEqual(finished);
  });

  test('records a failure kind', () => {
    const created = asks.create(newAsk());
    asks.claim(created.id, annaGives(), AT + MINUTE);
    expect(asks.finishGiven(created.id, { secondsLeft: undefined, failure: 'timeout' })?.state).toMatchObject({ kind: 'given', secondsLeft: undefined, failure: 'timeout' });
  });

  test('changes nothing on a request that was not given', () => {
    const open = asks.create(newAsk());
    expect(asks.finishGiven(open.id, { secondsLeft: 3000, failure: undefined })).toEqual(open);
    const denied = asks.create(newAsk({ childId: 'leo' }));
    asks.claim(denied.id, annaDenies, AT + MINUTE);
    expect(asks.finishGiven(denied.id, { secondsLeft: 3000, failure: undefined })?.state.kind).toBe('denied');
  });

  test('an unknown request: undefined', () => {
    expect(asks.finishGiven(999, { secondsLeft: 1, failure: undefined })).toBeUndefined();
  });
});

describe('AskStore.reopen', () => {
  test('a given request is open again, without any trace of the give, and can be answered again', () => {
    const created = asks.create(newAsk());
    asks.claim(created.id, annaGives(), AT + MINUTE);
    asks.finishGiven(created.id, { secondsLeft: undefined, failure: 'unreachable' });
    expect(asks.reopen(created.id)).toEqual(created);
    expect(asks.openAsk('mia', AT + MINUTE)).toEqual(created);
    const again = asks.claim(created.id, benGives(), AT + 2 * MINUTE);
    expect(again.kind).toBe('claimed');
    expect(again.kind === 'claimed' ? again.ask.state : undefined).toMatchObject({ kind: 'given', byName: 'Ben', minutes: 60 });
  });

  test.each([
    ['denied', () => annaDenies],
    ['open', undefined],
  ] as const)('a request that is %s is left as it is', (_name, answer) => {
    const created = asks.create(newAsk());
    if (answer !== undefined) asks.claim(created.id, answer(), AT + MINUTE);
    const before = asks.get(created.id);
    expect(asks.reopen(created.id)).toEqual(before);
  });

  test('an expired request is left expired', () => {
    const created = asks.create(newAsk());
    asks.expire(EXPIRES);
    expect(asks.reopen(created.id)?.state).toEqual({ kind: 'expired' });
  });

  test('an unknown request: undefined', () => {
    expect(asks.reopen(999)).toBeUndefined();
  });
});

describe('AskStore.expire', () => {
  test('returns exactly the open requests that are due, marked expired', () => {
    const due = asks.create(newAsk({ expiresAt: AT + 10 * MINUTE }));
    const dueExactly = asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO, expiresAt: AT + 20 * MINUTE }));
    const notYet = asks.create(newAsk({ expiresAt: AT + 20 * MINUTE + 1 }));
    const answered = asks.create(newAsk({ expiresAt: AT + 5 * MINUTE }));
    asks.claim(answered.id, annaDenies, AT + MINUTE);

    const expired = asks.expire(AT + 20 * MINUTE);

    expect(expired.map((ask) => ask.id).sort((a, b) => a - b)).toEqual([due.id, dueExactly.id]);
    expect(expired.every((ask) => ask.state.kind === 'expired')).toBe(true);
    expect(expired.find((ask) => ask.id === due.id)).toEqual({ ...due, state: { kind: 'expired' } });
    expect(asks.get(due.id)?.state).toEqual({ kind: 'expired' });
    expect(asks.get(dueExactly.id)?.state).toEqual({ kind: 'expired' });
    expect(asks.get(notYet.id)?.state).toEqual({ kind: 'open' });
    expect(asks.get(answered.id)?.state.kind).toBe('denied');
  });

  test('a second sweep returns nothing more', () => {
    asks.create(newAsk());
    expect(asks.expire(EXPIRES)).toHaveLength(1);
    expect(asks.expire(EXPIRES + MINUTE)).toEqual([]);
  });

  test('nothing due: nothing', () => {
    asks.create(newAsk());
    expect(asks.expire(EXPIRES - 1)).toEqual([]);
    expect(asks.get(1)?.state).toEqual({ kind: 'open' });
  });
});

describe('AskStore.expireOne', () => {
  test('ends one open request now, before its time', () => {
    const created = asks.create(newAsk());
    const other = asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO }));
    asks.expireOne(created.id, AT + MINUTE);
    expect(asks.get(created.id)).toEqual({ ...created, expiresAt: AT + MINUTE, state: { kind: 'expired' } });
    expect(asks.get(other.id)?.state).toEqual({ kind: 'open' });
    // It is not expired a second time by the sweep.
    expect(asks.expire(EXPIRES).map((ask) => ask.id)).toEqual([other.id]);
  });

  test('leaves an answered request as it is', () => {
    const created = asks.create(newAsk());
    asks.claim(created.id, annaGives(), AT + MINUTE);
    const before = asks.get(created.id);
    asks.expireOne(created.id, AT + 2 * MINUTE);
    expect(asks.get(created.id)).toEqual(before);
  });
});

describe('AskStore.addMessage and messages', () => {
  test('every copy of a request, each once', () => {
    const created = asks.create(newAsk());
    const other = asks.create(newAsk({ childId: 'leo' }));
    asks.addMessage(created.id, { chatId: PARENT_ANNA, messageId: 10 });
    asks.addMessage(created.id, { chatId: PARENT_BEN, messageId: 11 });
    asks.addMessage(created.id, { chatId: PARENT_ANNA, messageId: 10 });
    asks.addMessage(other.id, { chatId: PARENT_ANNA, messageId: 12 });

    expect(asks.messages(created.id)).toEqual(
      expect.arrayContaining([
        { chatId: PARENT_ANNA, messageId: 10 },
        { chatId: PARENT_BEN, messageId: 11 },
      ]),
    );
    expect(asks.messages(created.id)).toHaveLength(2);
    expect(asks.messages(other.id)).toEqual([{ chatId: PARENT_ANNA, messageId: 12 }]);
    expect(asks.messages(999)).toEqual([]);
  });

  test('a group chat id (negative) is kept as it is', () => {
    const created = asks.create(newAsk());
    asks.addMessage(created.id, { chatId: FAMILY_CHAT, messageId: 3 });
    expect(asks.messages(created.id)).toEqual([{ chatId: FAMILY_CHAT, messageId: 3 }]);
  });
});

describe('AskStore.since', () => {
  test('requests made at or after the time; one child only when asked', () => {
    const old = asks.create(newAsk({ at: AT - 1 }));
    const mia = asks.create(newAsk({ at: AT }));
    const leo = asks.create(newAsk({ at: AT + MINUTE, childId: 'leo', askerId: CHILD_LEO }));
    expect(asks.since(AT).map((ask) => ask.id).sort((a, b) => a - b)).toEqual([mia.id, leo.id]);
    expect(asks.since(AT, 'mia').map((ask) => ask.id)).toEqual([mia.id]);
    expect(asks.since(0, 'mia').map((ask) => ask.id).sort((a, b) => a - b)).toEqual([old.id, mia.id]);
    expect(asks.since(AT + 2 * MINUTE)).toEqual([]);
  });
});

describe('Store.history with requests', () => {
  test('requests are entries of kind "ask", newest first among changes and alerts', () => {
    store.beginUpdate(1, undefined, [{ at: AT + 2 * MINUTE, parentId: PARENT_ANNA, parentName: 'Anna', childId: 'mia', machineId: 'desktop', minutes: 30 }]);
    store.recordAlert({ at: AT - MINUTE, childId: 'mia', machineId: 'desktop', kind: 'low', thresholdMinutes: 15, secondsLeft: 800 });
    const ask = asks.create(newAsk());
    asks.claim(ask.id, annaGives(), AT + MINUTE);

    const history = store.history(0);
    expect(history.map((entry) => entry.kind)).toEqual(['change', 'ask', 'alert']);
    expect(history[1]).toEqual({ kind: 'ask', ask: asks.get(ask.id) });
  });

  test("only one child's requests when a child is given; none before the time", () => {
    asks.create(newAsk());
    asks.create(newAsk({ childId: 'leo', askerId: CHILD_LEO, at: AT + MINUTE }));
    expect(store.history(0, 'leo').map((entry) => (entry.kind === 'ask' ? entry.ask.childId : entry.kind))).toEqual(['leo']);
    expect(store.history(AT + 2 * MINUTE)).toEqual([]);
  });
});
