import { Api } from 'grammy';
import { describe, expect, test } from 'vitest';
import type { WatchedAlert } from '../../../src/alerts/watcher.ts';
import { sendAlert } from '../../../src/bot/push.ts';
import { Outbox } from '../../../src/bot/telegram/outbox.ts';
import { familyWithChildrenConfig, FAMILY_CHAT, silentLogger, type ChildrenFamilyOptions } from '../../support/bot-config.ts';
import { buttonsOf, LEO_USER, MIA_USER, offlineBotPerTest, tapOn } from '../../support/offline-bot.ts';
import { english } from '../../support/words.ts';

const start = offlineBotPerTest();

const low: WatchedAlert = { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 }, secondsLeft: 270 };
const up: WatchedAlert = { childId: 'mia', machineId: 'desktop', alert: { kind: 'up' }, secondsLeft: 0 };

function startWarned(options: ChildrenFamilyOptions = {}) {
  return start({ config: familyWithChildrenConfig({ miaWarn: true, ...options }) });
}

describe('a low-time alert for a child with warn: true', () => {
  test('the parents get it, and the child privately, with buttons to ask for more', async () => {
    const bot = startWarned();
    await sendAlert(bot.outbox, bot.config, silentLogger(), low, english);
    const [parents, child, ...rest] = bot.api.payloadsOf('sendMessage');
    expect(rest).toEqual([]);
    expect(parents).toMatchObject({ chat_id: FAMILY_CHAT });
    expect(child).toMatchObject({ chat_id: MIA_USER.id, text: '⏳ You have 5 min left on desktop.' });
    expect(buttonsOf(child)).toEqual(['k:15', 'k:30', 'k:60']);
  });

  test('time up: the child is told, without buttons', async () => {
    const bot = startWarned();
    await sendAlert(bot.outbox, bot.config, silentLogger(), up, english);
    const child = bot.api.payloadsOf('sendMessage').find((payload) => payload['chat_id'] === MIA_USER.id);
    expect(child).toMatchObject({ text: '⌛ Your time on desktop is up.' });
    expect(buttonsOf(child)).toEqual([]);
  });

  test('asking turned off: the warning comes without buttons', async () => {
    const bot = startWarned({ asks: { enabled: false } });
    await sendAlert(bot.outbox, bot.config, silentLogger(), low, english);
    const child = bot.api.payloadsOf('sendMessage').find((payload) => payload['chat_id'] === MIA_USER.id);
    expect(child).toMatchObject({ text: '⏳ You have 5 min left on desktop.' });
    expect(buttonsOf(child)).toEqual([]);
  });

  test('a child who never started a chat with the bot: the parents still get the alert, and it is no error', async () => {
    const bot = startWarned();
    // An Api whose calls to Mia's chat fail as Telegram's do for a user who never wrote to the bot.
    const refusingMia = (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const payload = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      if (payload['chat_id'] !== MIA_USER.id) return bot.api.fetch(url, init);
      const refusal = { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
      return Promise.resolve(new Response(JSON.stringify(refusal), { headers: { 'content-type': 'application/json' } }));
    };
    const api = new Api(bot.bot.token, { apiRoot: 'http://127.0.0.1:9', fetch: refusingMia as never });

    const outbox = new Outbox({ api, store: bot.store.outbox, logger: silentLogger(), deliverWithinMs: 3_600_000, onDelivered: () => undefined });

    await expect(sendAlert(outbox, bot.config, silentLogger(), low, english)).resolves.toBeUndefined();
    // Refused for good: nothing is kept to be tried again.
    expect(bot.store.outbox.count()).toBe(0);
    expect(bot.api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).toEqual([FAMILY_CHAT]);
  });

  test('tapping a button under the warning asks the parents', async () => {
    const bot = startWarned();
    await sendAlert(bot.outbox, bot.config, silentLogger(), low, english);
    const warning = bot.api.sentMessages().find((sent) => sent.chat.id === MIA_USER.id);
    if (warning === undefined) throw new Error('no warning');
    bot.api.clear();
    await bot.send(tapOn(MIA_USER, warning, 'k:15'));
    expect(bot.store.asks.openAsk('mia', Date.now())).toMatchObject({ minutes: 15, chatId: MIA_USER.id, messageId: warning.message_id });
    expect(bot.api.texts().at(-1)).toBe('🙋 I asked your parents for 15 min. I will tell you their answer here.');
  });
});

describe('without warn', () => {
  test('the child gets nothing', async () => {
    const bot = start({ config: familyWithChildrenConfig() });
    await sendAlert(bot.outbox, bot.config, silentLogger(), low, english);
    expect(bot.api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).toEqual([FAMILY_CHAT]);
  });

  test('a warned child gets nothing about her brother', async () => {
    const bot = startWarned();
    await sendAlert(bot.outbox, bot.config, silentLogger(), { ...low, childId: 'leo' }, english);
    expect(bot.api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).toEqual([FAMILY_CHAT]);
    expect(bot.api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).not.toContain(LEO_USER.id);
  });
});
