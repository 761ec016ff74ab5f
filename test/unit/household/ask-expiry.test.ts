import { afterEach, describe, expect, test } from 'vitest';
import { expireDueAsks } from '../../../src/household/ask-expiry.ts';
import { silentLogger, tempStore } from '../../support/bot-config.ts';
import { recordingChats } from '../../support/recording-chats.ts';

// Children's requests that nobody answered, in the household core without a bot: closed once, told as a fact.

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function setUp() {
  const { store, remove } = tempStore();
  removes.push(remove);
  const chats = recordingChats();
  const { told } = chats;
  const ask = store.asks.create({ at: 1000, childId: 'mia', askerId: 7, chatId: 7, messageId: 3, minutes: 30, reason: undefined, machineId: undefined, expiresAt: 61_000, language: 'de' });
  return { deps: { asks: store.asks, logger: silentLogger(), chats }, told, ask, store };
}

describe('expireDueAsks', () => {
  test('an open request is left alone before its time', async () => {
    const { deps, told } = setUp();
    expect(await expireDueAsks(deps, 60_999)).toBe(0);
    expect(told).toEqual([]);
  });

  test('at its time it is closed as expired and told once, as a fact the bot words', async () => {
    const { deps, told, ask, store } = setUp();
    expect(await expireDueAsks(deps, 61_000)).toBe(1);
    expect(told.map((notice) => (notice.kind === 'ask-closed' ? [notice.kind, notice.ask.id, notice.ask.state.kind] : [notice.kind]))).toEqual([['ask-closed', ask.id, 'expired']]);
    expect(store.asks.get(ask.id)?.state).toEqual({ kind: 'expired' });
    expect(await expireDueAsks(deps, 120_000)).toBe(0);
    expect(told).toHaveLength(1);
  });
});
