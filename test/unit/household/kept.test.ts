import { afterEach, describe, expect, test } from 'vitest';
import { startKeptChanges, type KeptChanges } from '../../../src/household/kept.ts';
import { localDay } from '../../../src/lib/local-days.ts';
import type { KeptRecord } from '../../../src/storage/kept.ts';
import { familyConfig, silentLogger, tempStore } from '../../support/bot-config.ts';
import { FakeTimekprClient } from '../../support/offline-bot.ts';
import { recordingChats } from '../../support/recording-chats.ts';
import { changeChildRules } from '../../../src/household/rules.ts';
import { FakeRulesClient } from '../../support/fake-rules-client.ts';

// The kept changes of the household core, without a bot: what they tell the chats is facts, heard through the port.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setUp(now: () => number = Date.now) {
  const config = familyConfig();
  const { store, remove } = tempStore();
  const client = new FakeTimekprClient(config);
  const chats = recordingChats();
  const rules = new FakeRulesClient();
  const service: KeptChanges = startKeptChanges({ client, rules, config, store, logger: silentLogger(), now, chats });
  cleanups.push(() => service.stop(), remove);
  const keep = (fields: Partial<Pick<KeptRecord, 'kind' | 'minutes' | 'day' | 'childId' | 'machineId'>> = {}): KeptRecord => {
    const kept = store.kept.keep({ at: now(), day: localDay(now()), kind: 'add', childId: 'leo', machineId: 'desktop', minutes: 15, byId: 1, byName: 'Anna', chatId: -100, ...fields });
    store.kept.setMessage([kept.id], 42);
    return kept;
  };
  return { config, store, client, rules, chats, service, keep };
}

describe('kept changes (household core)', () => {
  test('a computer that answers again gets its kept time; the chat hears the result read back, and the buttons go', async () => {
    const { client, chats, service, keep } = setUp();
    const kept = keep();
    service.onAnswer('desktop');
    await service.retryNow();
    expect(client.changeCalls).toEqual([{ machineId: 'desktop', login: 'leo', operation: '+', seconds: 900 }]);
    expect(chats.told).toHaveLength(1);
    const [news] = chats.told;
    expect(news?.kind).toBe('kept-applied');
    expect(news?.kind === 'kept-applied' ? news.kept.id : undefined).toBe(kept.id);
    expect(news?.kind === 'kept-applied' && news.result.ok ? news.result.value : undefined).toMatchObject({ kind: 'read-back', info: { secondsLeft: 4500 } });
    // The Cancel button under the message that kept it: nothing waits there any more.
    expect(chats.shown.at(-1)).toEqual({ chatId: -100, messageId: 42, waiting: [] });
  });

  test('still off: it keeps waiting, and nothing is told', async () => {
    const { client, store, chats, service, keep } = setUp();
    client.failMachine('desktop', { kind: 'unreachable', reason: 'no route to host' });
    keep();
    service.onAnswer('desktop');
    await service.retryNow();
    expect(store.kept.waiting('desktop')).toHaveLength(1);
    expect(chats.told).toEqual([]);
  });

  test('a change of an earlier day is dropped, not applied on today’s limits', async () => {
    const { client, chats, service, keep } = setUp();
    keep({ day: localDay(Date.now() - 86_400_000) });
    await service.retryNow();
    expect(chats.told.map((news) => news.kind)).toEqual(['kept-dropped']);
    expect(client.changeCalls).toEqual([]);
  });

  test('an account the config no longer has: told as such, nothing runs', async () => {
    const { client, chats, service, keep } = setUp();
    keep({ childId: 'leo', machineId: 'laptop' });
    service.onAnswer('laptop');
    await service.retryNow();
    expect(chats.told.map((news) => news.kind)).toEqual(['kept-no-account']);
    expect(client.changeCalls).toEqual([]);
  });

  test('a kept pause: the time is set to 0 and the pause line is the news', async () => {
    const { chats, service, keep, store } = setUp();
    keep({ kind: 'pause', minutes: 0 });
    service.onAnswer('desktop');
    await service.retryNow();
    expect(chats.told).toHaveLength(1);
    expect(chats.told[0]).toMatchObject({ kind: 'kept-paused', line: { kind: 'paused', machineId: 'desktop', secondsKept: 3600 } });
    expect(store.pauses.active('leo', 'desktop')).toBeDefined();
  });
});

describe('kept rules changes (household core)', () => {
  const OFF = { kind: 'unreachable', reason: 'no route to host' } as const;
  const anna = { id: 1, name: 'Anna' };

  test('a rules change for a computer that is off is kept, not dropped at midnight, and made once when it is back', async () => {
    let now = Date.now();
    const { config, store, rules, chats, service } = setUp(() => now);
    rules.failMachine('desktop', OFF);
    const deps = { client: rules, config, store, logger: silentLogger(), now: () => now };
    const edit = { kind: 'limit', limits: [{ days: { kind: 'allowed' }, seconds: 3600 }] } as const;
    const outcome = await changeChildRules(deps, anna, { updateId: 50 }, { childId: 'leo', machineIds: ['desktop'], edit }, -100, { keepUnreached: true });
    const [result] = outcome.kind === 'done' ? outcome.results : [];
    expect(result?.kind === 'failed' && result.kept?.kind).toBe('rules');
    expect(rules.writes).toEqual([]);

    // The next day: a change of time would be dropped; a rules change is not about one day and waits on.
    now += 86_400_000;
    await service.retryNow();
    expect(store.kept.waiting('desktop')).toHaveLength(1);
    expect(chats.told).toEqual([]);

    rules.failMachine('desktop', undefined);
    service.onAnswer('desktop');
    await service.retryNow();
    expect(rules.writes).toEqual([{ machineId: 'desktop', login: 'leo', patch: { dayLimits: [3600, 3600, 3600, 3600, 3600, 3600, 3600] } }]);
    expect(store.kept.waiting('desktop')).toEqual([]);
    expect(chats.told.map((notice) => notice.kind)).toEqual(['kept-rules-applied']);
    // Recorded under the update that asked: its Undo undoes this too.
    expect(store.rules.ofUpdate(50).map((row) => [row.machineId, row.status])).toEqual([['desktop', 'applied']]);
    service.onAnswer('desktop');
    await service.retryNow();
    expect(rules.writes).toHaveLength(1);
  });
});
