import { afterEach, describe, expect, test } from 'vitest';
import { lastSeenObserver } from '../../../src/household/last-seen.ts';
import { observeAnswers, observeRuleAnswers } from '../../../src/timekpr/observed.ts';
import { FakeRulesClient } from '../../support/fake-rules-client.ts';
import { formatOffSince } from '../../../src/bot/render/status.ts';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { MachineFailure, TimekprClient, UsersInfo } from '../../../src/timekpr/client.ts';
import type { TimekpraProblem, UserInfo } from '../../../src/timekpr/parse.ts';
import { familyConfig, tempStore, userInfo } from '../../support/bot-config.ts';
import { english } from '../../support/words.ts';

const config = familyConfig();

/** A client whose usersInfo answers from `answers` (per machine), or fails. */
function clientAnswering(answers: Record<string, Result<UsersInfo, MachineFailure>>): TimekprClient {
  return {
    knownUsers: (machineId) => Promise.resolve(machineId in answers ? ok([]) : err({ kind: 'unreachable', reason: 'connection refused' })),
    usersInfo: (machineId) => Promise.resolve(answers[machineId] ?? err({ kind: 'unreachable', reason: 'connection refused' })),
    changeTimeLeft: () => Promise.resolve(err({ kind: 'unreachable', reason: 'connection refused' })),
    changePlayTimeLeft: () => Promise.resolve(err({ kind: 'unreachable', reason: 'connection refused' })),
  };
}

const infos = (entries: [string, UserInfo][]): UsersInfo => new Map<string, Result<UserInfo, TimekpraProblem>>(entries.map(([login, info]) => [login, ok(info)]));

describe('lastSeenObserver', () => {
  const stores: (() => void)[] = [];
  afterEach(() => stores.splice(0).forEach((remove) => remove()));

  test('a machine that answers is noted with the children logged in on it; one that fails is not', async () => {
    const { store, remove } = tempStore();
    stores.push(remove);
    let now = 1000;
    const client = observeAnswers(clientAnswering({ desktop: ok(infos([['mia', userInfo('mia', { loggedIn: true })], ['leo', userInfo('leo')]])) }), [
      lastSeenObserver(config, store, () => now),
    ]);
    await client.usersInfo('desktop', ['mia', 'leo']);
    expect(store.lastSeen('desktop')).toEqual({ at: 1000, loggedIn: ['mia'] });
    expect((await client.usersInfo('laptop', ['mia2'])).ok).toBe(false);
    expect(store.lastSeen('laptop')).toBeUndefined();
    // A later answer that does not read every child keeps who was logged in, and moves the time on.
    now = 2000;
    await client.usersInfo('desktop', ['leo']);
    expect(store.lastSeen('desktop')).toEqual({ at: 2000, loggedIn: ['mia'] });
    now = 3000;
    await client.knownUsers('desktop');
    expect(store.lastSeen('desktop')).toEqual({ at: 3000, loggedIn: ['mia'] });
  });

  test('a host name not found: kept as such for a computer never reached, told as off for one reached before', async () => {
    const { store, remove } = tempStore();
    stores.push(remove);
    const notFound = err({ kind: 'host-not-found', host: 'laptop.lan' } as const);
    const inner: TimekprClient = {
      knownUsers: () => Promise.resolve(notFound),
      usersInfo: () => Promise.resolve(notFound),
      changeTimeLeft: () => Promise.resolve(notFound),
      changePlayTimeLeft: () => Promise.resolve(notFound),
    };
    const client = observeAnswers(inner, [lastSeenObserver(config, store, () => 5000)]);
    const calls = [() => client.knownUsers('laptop'), () => client.usersInfo('laptop', ['mia2']), () => client.changeTimeLeft('laptop', 'mia2', '+', 900)];
    for (const call of calls) expect(await call()).toEqual(notFound);
    // Once seen (mDNS .local names vanish while a computer sleeps), the same failure means the computer is off.
    store.recordSeen('laptop', 1000, ['mia']);
    for (const call of calls) expect(await call()).toEqual(err({ kind: 'unreachable', reason: 'host name laptop.lan not found' }));
    // Failing says nothing new about when it was seen.
    expect(store.lastSeen('laptop')).toEqual({ at: 1000, loggedIn: ['mia'] });
  });

  test('the house rules are heard the same way: a read is an answer, a host name not found of a known computer is off', async () => {
    const { store, remove } = tempStore();
    stores.push(remove);
    const rules = new FakeRulesClient();
    const client = observeRuleAnswers(rules, [lastSeenObserver(config, store, () => 7000)]);
    expect((await client.readRules('desktop', 'mia')).ok).toBe(true);
    expect(store.lastSeen('desktop')?.at).toBe(7000);
    rules.failMachine('laptop', { kind: 'host-not-found', host: 'laptop.lan' });
    expect(await client.readRules('laptop', 'mia2')).toEqual(err({ kind: 'host-not-found', host: 'laptop.lan' }));
    store.recordSeen('laptop', 1000, ['mia']);
    expect(await client.changeRules('laptop', 'mia2', { weekLimit: 3600 })).toEqual(err({ kind: 'unreachable', reason: 'host name laptop.lan not found' }));
  });

  test('other failures pass through unchanged, seen before or not', async () => {
    const { store, remove } = tempStore();
    stores.push(remove);
    store.recordSeen('laptop', 1000);
    const client = observeAnswers(clientAnswering({}), [lastSeenObserver(config, store, () => 5000)]);
    expect(await client.usersInfo('laptop', ['mia2'])).toEqual(err({ kind: 'unreachable', reason: 'connection refused' }));
  });

  test('an older answer never moves last seen back', () => {
    const { store, remove } = tempStore();
    stores.push(remove);
    store.recordSeen('desktop', 5000, ['leo']);
    store.recordSeen('desktop', 4000, ['mia']);
    store.recordSeen('desktop', 3000);
    expect(store.lastSeen('desktop')).toEqual({ at: 5000, loggedIn: ['leo'] });
  });
});

describe('formatOffSince', () => {
  const at = (day: number, hour: number, minute: number) => new Date(2026, 11, day, hour, minute).getTime();

  test('today: the time, and who was logged in', () => {
    expect(formatOffSince(english, config, { at: at(1, 18, 40), loggedIn: ['mia'] }, at(1, 19, 5))).toBe('💤 off since 18:40 (Mia was logged in)');
    expect(formatOffSince(english, config, { at: at(1, 18, 40), loggedIn: ['mia', 'leo'] }, at(1, 19, 5))).toBe('💤 off since 18:40 (Mia and Leo were logged in)');
    expect(formatOffSince(english, config, { at: at(1, 8, 5), loggedIn: [] }, at(1, 19, 5))).toBe('💤 off since 08:05');
  });

  test('an earlier day: its weekday within a week, else the date', () => {
    expect(formatOffSince(english, config, { at: at(29 - 28, 10, 0) - 2 * 24 * 3600_000, loggedIn: ['mia'] }, at(1, 19, 5))).toMatch(/^💤 not seen since (Mon|Tue|Wed|Thu|Fri|Sat|Sun)$/);
    expect(formatOffSince(english, config, { at: at(1, 10, 0) - 20 * 24 * 3600_000, loggedIn: [] }, at(1, 19, 5))).toBe('💤 not seen since 11 Nov');
  });
});
