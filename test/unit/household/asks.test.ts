import { describe, expect, test } from 'vitest';
import { askedMachine, childOfUser, expiryOf, isOfferedGive, MAX_REASON_LENGTH, mayAsk, parseAskWords } from '../../../src/household/asks.ts';
import type { AsksConfig } from '../../../src/config/types.ts';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { AskRecord } from '../../../src/storage/asks.ts';
import type { UserInfo } from '../../../src/timekpr/parse.ts';
import { CHILD_LEO, CHILD_MIA, familyWithChildrenConfig, PARENT_ANNA, userInfo } from '../../support/bot-config.ts';

const config = familyWithChildrenConfig();
const MINUTE = 60_000;
const asks: AsksConfig = { enabled: true, cooldownMs: 10 * MINUTE, expireMs: 30 * MINUTE };

function askRecord(fields: Partial<AskRecord> = {}): AskRecord {
  return {
    id: 1,
    at: 1_000,
    childId: 'mia',
    askerId: CHILD_MIA,
    chatId: CHILD_MIA,
    messageId: 7,
    minutes: 30,
    reason: undefined,
    machineId: 'desktop',
    expiresAt: 1_000 + 30 * MINUTE,
    state: { kind: 'open' },
    ...fields,
  };
}

describe('parseAskWords', () => {
  test.each(['', '   ', '\n\t '])('no words (%j): undefined, the child gets buttons', (text) => {
    expect(parseAskWords(text)).toEqual(ok(undefined));
  });

  test('minutes and a reason', () => {
    expect(parseAskWords('30 homework')).toEqual(ok({ minutes: 30, reason: 'homework' }));
  });

  test('a reason of several words is one line, single-spaced', () => {
    expect(parseAskWords('  45   finish   my\tgame  ')).toEqual(ok({ minutes: 45, reason: 'finish my game' }));
  });

  test('minutes alone: no reason', () => {
    expect(parseAskWords('30')).toEqual(ok({ minutes: 30, reason: undefined }));
  });

  test.each([
    ['1', 1],
    ['240', 240],
    ['0015', 15],
  ])('%j minutes is allowed', (text, minutes) => {
    expect(parseAskWords(text)).toEqual(ok({ minutes, reason: undefined }));
  });

  test.each([
    ['0', 'bad-minutes'],
    ['241', 'bad-minutes'],
    ['9999', 'bad-minutes'],
    ['-5', 'no-minutes'],
    ['abc', 'no-minutes'],
    ['30min', 'no-minutes'],
    ['homework 30', 'no-minutes'],
    ['12345', 'no-minutes'],
    ['1.5', 'no-minutes'],
  ] as const)('%j is refused as %s', (text, problem) => {
    expect(parseAskWords(text)).toEqual(err({ kind: problem }));
  });

  test(`a reason of ${MAX_REASON_LENGTH} characters is fine, one more is too long`, () => {
    const fits = 'x'.repeat(MAX_REASON_LENGTH);
    expect(MAX_REASON_LENGTH).toBe(60);
    expect(parseAskWords(`30 ${fits}`)).toEqual(ok({ minutes: 30, reason: fits }));
    expect(parseAskWords(`30 ${fits}y`)).toEqual(err({ kind: 'reason-too-long' }));
  });

  test('control characters become spaces', () => {
    expect(parseAskWords('30 home\u0007work')).toEqual(ok({ minutes: 30, reason: 'home work' }));
    expect(parseAskWords('30 a\u0000b\u001b[31mc')).toEqual(ok({ minutes: 30, reason: 'a b [31mc' }));
  });

  test('a reason of nothing but control characters is no reason', () => {
    expect(parseAskWords('30 \u0007\u0000')).toEqual(ok({ minutes: 30, reason: undefined }));
  });
});

describe('mayAsk', () => {
  const now = 10_000_000;

  test('asking turned off', () => {
    expect(mayAsk({ ...asks, enabled: false }, undefined, undefined, now)).toEqual({ kind: 'disabled' });
    // Off wins over everything else.
    expect(mayAsk({ ...asks, enabled: false }, askRecord(), now - 1, now)).toEqual({ kind: 'disabled' });
  });

  test('a request still open: that one is named', () => {
    const open = askRecord();
    expect(mayAsk(asks, open, undefined, now)).toEqual({ kind: 'already-open', ask: open });
  });

  test('never denied, nothing open: ok', () => {
    expect(mayAsk(asks, undefined, undefined, now)).toEqual({ kind: 'ok' });
  });

  test('just after a "no": cooldown until the "no" plus the cooldown', () => {
    const deniedAt = now - 3 * MINUTE;
    expect(mayAsk(asks, undefined, deniedAt, now)).toEqual({ kind: 'cooldown', until: deniedAt + asks.cooldownMs });
  });

  test('the boundary: a millisecond before it still cooldown, exactly at it ok', () => {
    const deniedAt = now;
    const until = deniedAt + asks.cooldownMs;
    expect(mayAsk(asks, undefined, deniedAt, until - 1)).toEqual({ kind: 'cooldown', until });
    expect(mayAsk(asks, undefined, deniedAt, until)).toEqual({ kind: 'ok' });
    expect(mayAsk(asks, undefined, deniedAt, until + MINUTE)).toEqual({ kind: 'ok' });
  });

  test('no cooldown configured: asking again right after a "no" is ok', () => {
    expect(mayAsk({ ...asks, cooldownMs: 0 }, undefined, now, now)).toEqual({ kind: 'ok' });
  });
});

describe('expiryOf', () => {
  test('during the day: now plus expireMs', () => {
    const now = new Date(2025, 5, 10, 12, 0).getTime();
    expect(expiryOf(asks, now)).toBe(now + asks.expireMs);
    expect(expiryOf(asks, now)).toBe(new Date(2025, 5, 10, 12, 30).getTime());
  });

  test('late in the evening: capped at local midnight', () => {
    const now = new Date(2025, 5, 10, 23, 50).getTime();
    expect(expiryOf(asks, now)).toBe(new Date(2025, 5, 11, 0, 0).getTime());
  });

  test('exactly reaching midnight: midnight', () => {
    const now = new Date(2025, 5, 10, 23, 30).getTime();
    expect(expiryOf(asks, now)).toBe(new Date(2025, 5, 11, 0, 0).getTime());
  });

  test('at the end of a month and of a year: the next day at midnight', () => {
    expect(expiryOf(asks, new Date(2025, 0, 31, 23, 59).getTime())).toBe(new Date(2025, 1, 1, 0, 0).getTime());
    expect(expiryOf(asks, new Date(2025, 11, 31, 23, 45).getTime())).toBe(new Date(2026, 0, 1, 0, 0).getTime());
  });

  test('just after midnight: the whole expireMs', () => {
    const now = new Date(2025, 5, 11, 0, 0).getTime();
    expect(expiryOf(asks, now)).toBe(now + asks.expireMs);
  });
});

describe('askedMachine', () => {
  const on = (loggedIn: boolean): Result<UserInfo, unknown> => ok(userInfo('mia', { loggedIn }));
  const down: Result<UserInfo, unknown> = err({ kind: 'unreachable', reason: 'no route to host' });

  test('logged in on exactly one computer: that one', () => {
    expect(askedMachine(new Map([['desktop', on(false)], ['laptop', on(true)]]))).toBe('laptop');
  });

  test('logged in nowhere: none (the parent picks)', () => {
    expect(askedMachine(new Map([['desktop', on(false)], ['laptop', on(false)]]))).toBeUndefined();
    expect(askedMachine(new Map())).toBeUndefined();
  });

  test('logged in on two: none (the parent picks)', () => {
    expect(askedMachine(new Map([['desktop', on(true)], ['laptop', on(true)]]))).toBeUndefined();
  });

  test('a computer that could not be read does not count', () => {
    expect(askedMachine(new Map([['desktop', down], ['laptop', on(true)]]))).toBe('laptop');
    expect(askedMachine(new Map([['desktop', down], ['laptop', on(false)]]))).toBeUndefined();
  });
});

describe('isOfferedGive', () => {
  const mia = askRecord();
  const leo = askRecord({ childId: 'leo' });

  test.each([15, 30, 60])('%d min on the computer asked about: offered', (minutes) => {
    expect(isOfferedGive(config, mia, 'desktop', minutes)).toBe(true);
  });

  test('another computer of the child, or all of them: offered', () => {
    expect(isOfferedGive(config, mia, 'laptop', 30)).toBe(true);
    expect(isOfferedGive(config, mia, '*', 30)).toBe(true);
  });

  test.each([45, 0, -15, 240])('%d min: not offered', (minutes) => {
    expect(isOfferedGive(config, mia, 'desktop', minutes)).toBe(false);
  });

  test("a computer the child has no account on: not offered", () => {
    expect(isOfferedGive(config, leo, 'laptop', 30)).toBe(false);
    expect(isOfferedGive(config, mia, 'tablet', 30)).toBe(false);
  });

  test('a child no longer in the config: not offered', () => {
    expect(isOfferedGive(config, askRecord({ childId: 'tom' }), '*', 30)).toBe(false);
  });
});

describe('childOfUser', () => {
  test("a child's Telegram ID: that child", () => {
    expect(childOfUser(config, CHILD_MIA)?.id).toBe('mia');
    expect(childOfUser(config, CHILD_LEO)?.id).toBe('leo');
  });

  test('a parent or a stranger: no child', () => {
    expect(childOfUser(config, PARENT_ANNA)).toBeUndefined();
    expect(childOfUser(config, 7770007)).toBeUndefined();
  });
});
