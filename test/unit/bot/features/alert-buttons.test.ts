import type { User } from 'grammy/types';
import { afterEach, describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../../src/bot/callback-data.ts';
import { sendAlert } from '../../../../src/bot/push.ts';
import { silentLogger } from '../../../support/bot-config.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, startOfflineBot, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';
import { english } from '../../../support/words.ts';

let offline: OfflineBot | undefined;

afterEach(async () => {
  await offline?.cleanup();
  offline = undefined;
});

const alertAdd = (minutes: number) => encodeButtonAction({ kind: 'alert-add', childId: 'mia', machineId: 'desktop', minutes });
const DISMISS = encodeButtonAction({ kind: 'dismiss', childId: 'mia', machineId: 'desktop' });
const ALERT_TEXT = '⏳ Mia has 4 min left on desktop';

/** A bot that has just sent the low-time alert for Mia on desktop (4 minutes left) to the family group. */
async function startWithAlert() {
  offline = startOfflineBot();
  const bot = offline;
  bot.client.setSecondsLeft('desktop', 'mia', 240, { loggedIn: true });
  await sendAlert(bot.outbox, bot.config, silentLogger(), { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 }, secondsLeft: 240 }, english);
  const alert = bot.api.lastSent();
  expect(alert).toMatchObject({ chat: { id: FAMILY_GROUP.id }, text: ALERT_TEXT });
  expect(buttonsOf(bot.api.payloadsOf('sendMessage')[0])).toEqual([alertAdd(15), alertAdd(30), alertAdd(60), DISMISS]);
  bot.api.clear();
  return { bot, alert };
}

describe('the buttons under a low-time alert', () => {
  test('+15: applied once, and the alert keeps its text with the outcome under it (its buttons gone)', async () => {
    const { bot, alert } = await startWithAlert();

    await bot.send(tapOn(ANNA, alert, alertAdd(15)));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(bot.api.toasts()).toEqual(['+15 min…']);
    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'mia', operation: '+', seconds: 900 }]);
    const [edit] = bot.api.payloadsOf('editMessageText');
    expect(edit).toMatchObject({ chat_id: FAMILY_GROUP.id, message_id: alert.message_id, parse_mode: 'HTML' });
    expect(edit?.['text']).toBe(`${ALERT_TEXT}\n✅ +15 min for Mia on desktop by Anna: 19m left`);
    expect(edit?.['reply_markup']).toBeUndefined();
  });

  test('the same tap delivered twice is applied once', async () => {
    const { bot, alert } = await startWithAlert();
    const update = tapOn(BEN, alert, alertAdd(60));
    await bot.send(update);
    await bot.send(update);
    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(240 + 3600);
    expect(String(bot.api.payloadsOf('editMessageText')[1]?.['text'])).toBe(`${ALERT_TEXT}\n↩️ Already done, not repeated: +60 min for Mia on desktop by Ben: 1h 04m left then`);
  });

  test('"Let it end": the alert says who let it end; nothing runs', async () => {
    const { bot, alert } = await startWithAlert();

    await bot.send(tapOn(ANNA, alert, DISMISS));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(bot.api.toasts()).toEqual(['Time will run out.']);
    expect(bot.api.payloadsOf('editMessageText')[0]).toMatchObject({ message_id: alert.message_id, text: `${ALERT_TEXT}\nAnna let it end.` });
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(240);
  });

  test("a parent's name is escaped in the HTML", async () => {
    const { bot, alert } = await startWithAlert();
    const ben: User = { ...BEN, first_name: 'Ben <& Co>' };
    await bot.send(tapOn(ben, alert, DISMISS));
    expect(bot.api.payloadsOf('editMessageText')[0]?.['text']).toBe(`${ALERT_TEXT}\nBen &lt;&amp; Co&gt; let it end.`);
  });

  test('an amount an alert never offers is refused; nothing runs', async () => {
    const { bot, alert } = await startWithAlert();
    await bot.send(tapOn(ANNA, alert, alertAdd(45)));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual(['This button is not valid.']);
    expect(bot.client.changeCalls).toEqual([]);
  });
});
