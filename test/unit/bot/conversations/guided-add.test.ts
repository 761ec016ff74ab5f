import type { Chat, Message } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../../src/bot/callback-data.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, privateChat, offlineBotPerTest, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

const child = (childId: string) => encodeButtonAction({ kind: 'guided-child', childId });
const machine = (id: string) => encodeButtonAction({ kind: 'guided-machine', machine: id });
const amount = (minutes: number) => encodeButtonAction({ kind: 'guided-amount', minutes });
const OTHER = encodeButtonAction({ kind: 'guided-other' });
const CANCEL = encodeButtonAction({ kind: 'guided-cancel' });
const NOT_YOURS = 'This step-by-step /add is not yours or has ended. Start your own with /add.';

/** Starts a step-by-step /add; returns its prompt (the message every step edits) and forgets the calls so far. */
async function startGuided(bot: OfflineBot, chat: Chat = privateChat(ANNA)): Promise<Message.TextMessage> {
  await bot.send(message(ANNA, chat, '/add'));
  const prompt = bot.api.lastSent();
  bot.api.clear();
  return prompt;
}

/** The texts of the edits of `prompt`, in order. */
function editsOf(bot: OfflineBot, prompt: Message): string[] {
  return bot.api
    .payloadsOf('editMessageText')
    .filter((edit) => edit['message_id'] === prompt.message_id)
    .map((edit) => String(edit['text']));
}

describe('/add step by step', () => {
  test('asks whose time, with a button per child and Cancel', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/add'));
    expect(bot.api.methods()).toEqual(['sendMessage']);
    const [ask] = bot.api.payloadsOf('sendMessage');
    expect(ask).toMatchObject({ chat_id: ANNA.id, text: 'Whose time do you want to change?' });
    expect(buttonsOf(ask)).toEqual([child('mia'), child('leo'), CANCEL]);
    expect(bot.client.changeCalls).toEqual([]);
  });

  test('child, computer, amount: the change runs once, and the prompt is edited with the outcome', async () => {
    const bot = start();
    const prompt = await startGuided(bot);

    await bot.send(tapOn(ANNA, prompt, child('mia')));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    const [whichMachine] = bot.api.payloadsOf('editMessageText');
    expect(whichMachine).toMatchObject({ chat_id: ANNA.id, message_id: prompt.message_id, text: 'Which computer of <b>Mia</b>?' });
    expect(buttonsOf(whichMachine)).toEqual([machine('desktop'), machine('laptop'), machine('*'), CANCEL]);
    bot.api.clear();

    await bot.send(tapOn(ANNA, prompt, machine('laptop')));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    const [howMuch] = bot.api.payloadsOf('editMessageText');
    expect(howMuch).toMatchObject({ message_id: prompt.message_id, text: 'How much for <b>Mia</b> on laptop? (minutes)' });
    expect(buttonsOf(howMuch)).toEqual([amount(-15), amount(15), amount(30), amount(60), OTHER, CANCEL]);
    expect(bot.client.changeCalls).toEqual([]);
    bot.api.clear();

    const last = tapOn(ANNA, prompt, amount(30));
    await bot.send(last);
    expect(bot.client.changeCalls).toEqual([{ machineId: 'laptop', login: 'mia2', operation: '+', seconds: 1800 }]);
    // The outcome first, then the family group is told.
    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText', 'editMessageText', 'sendMessage']);
    expect(editsOf(bot, prompt)).toEqual(['+30 min for <b>Mia</b> on laptop…', '✅ +30 min for Mia on laptop by Anna: 1h 30m left']);
    // Done in a private chat: the family group is told.
    expect(bot.api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: FAMILY_GROUP.id, text: '📣 ✅ +30 min for Mia on laptop by Anna: 1h 30m left' });
    // Recorded once, under the update of the last step.
    expect(bot.store.changesOfUpdate(last.update_id)).toEqual([expect.objectContaining({ childId: 'mia', machineId: 'laptop', minutes: 30, parentName: 'Anna' })]);
    expect(bot.store.history(0)).toHaveLength(1);
    bot.api.clear();

    // It has ended: its buttons do nothing any more, even the same tap delivered again.
    await bot.send(tapOn(ANNA, prompt, amount(30)));
    await bot.send(last);
    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.api.payloadsOf('editMessageText')).toEqual([]);
    expect(bot.api.toasts()[0]).toBe(NOT_YOURS);
  });

  test('a child with one computer skips the computer step', async () => {
    const bot = start();
    const prompt = await startGuided(bot);
    await bot.send(tapOn(ANNA, prompt, child('leo')));
    expect(editsOf(bot, prompt)).toEqual(['How much for <b>Leo</b> on desktop? (minutes)']);
    await bot.send(tapOn(ANNA, prompt, amount(-15)));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'leo', operation: '-', seconds: 900 }]);
    expect(editsOf(bot, prompt).at(-1)).toBe('✅ −15 min for Leo on desktop by Anna: 45m left');
  });

  test('"All" changes every computer of the child', async () => {
    const bot = start();
    const prompt = await startGuided(bot, FAMILY_GROUP);
    await bot.send(tapOn(ANNA, prompt, child('mia')));
    await bot.send(tapOn(ANNA, prompt, machine('*')));
    expect(editsOf(bot, prompt).at(-1)).toBe('How much for <b>Mia</b> on all computers? (minutes)');
    await bot.send(tapOn(ANNA, prompt, amount(15)));
    expect(bot.client.changeCalls).toEqual(
      expect.arrayContaining([
        { machineId: 'desktop', login: 'mia', operation: '+', seconds: 900 },
        { machineId: 'laptop', login: 'mia2', operation: '+', seconds: 900 },
      ]),
    );
    expect(bot.client.changeCalls).toHaveLength(2);
    expect(editsOf(bot, prompt).at(-1)?.split('\n')).toEqual(['✅ +15 min for Mia on desktop by Anna: 1h 15m left', '✅ +15 min for Mia on laptop by Anna: 1h 15m left']);
    // Done in the group: no announcement.
    expect(bot.api.payloadsOf('sendMessage')).toEqual([]);
  });

  test('Cancel: the prompt says nothing was changed, and nothing ran', async () => {
    const bot = start();
    const prompt = await startGuided(bot);
    await bot.send(tapOn(ANNA, prompt, child('mia')));
    await bot.send(tapOn(ANNA, prompt, machine('desktop')));
    bot.api.clear();

    await bot.send(tapOn(ANNA, prompt, CANCEL));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(editsOf(bot, prompt)).toEqual(['Cancelled: nothing was changed.']);
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.history(0)).toEqual([]);
  });

  test('/cancel typed while it waits cancels it too (and is not answered a second time)', async () => {
    const bot = start();
    const prompt = await startGuided(bot);
    await bot.send(message(ANNA, privateChat(ANNA), '/cancel'));
    expect(bot.api.methods()).toEqual(['editMessageText']);
    expect(editsOf(bot, prompt)).toEqual(['Cancelled: nothing was changed.']);
    bot.api.clear();
    await bot.send(message(ANNA, privateChat(ANNA), '/cancel'));
    expect(bot.api.texts()).toEqual(['There is nothing to cancel.']);
  });

  test('"Other…", then minutes typed in the private chat (asked again after a typo)', async () => {
    const bot = start();
    const prompt = await startGuided(bot);
    await bot.send(tapOn(ANNA, prompt, child('leo')));
    bot.api.clear();

    await bot.send(tapOn(ANNA, prompt, OTHER));
    expect(editsOf(bot, prompt)).toEqual(['How much for <b>Leo</b> on desktop? Waiting for the number of minutes…']);
    expect(buttonsOf(bot.api.payloadsOf('editMessageText')[0])).toEqual([CANCEL]);
    const [ask] = bot.api.payloadsOf('sendMessage');
    expect(ask).toMatchObject({ chat_id: ANNA.id, reply_markup: { force_reply: true, selective: true } });
    expect(String(ask?.['text'])).toContain('reply with the number of minutes');
    bot.api.clear();

    await bot.send(message(ANNA, privateChat(ANNA), 'lots'));
    expect(bot.api.texts()).toEqual([expect.stringContaining('"lots" is not a whole number of minutes.') as unknown]);
    expect(bot.client.changeCalls).toEqual([]);
    bot.api.clear();

    await bot.send(message(ANNA, privateChat(ANNA), '25'));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'leo', operation: '+', seconds: 1500 }]);
    expect(editsOf(bot, prompt).at(-1)).toBe('✅ +25 min for Leo on desktop by Anna: 1h 25m left');
  });

  test('"Other…" in the group: only a reply to the question counts as the minutes', async () => {
    const bot = start();
    const prompt = await startGuided(bot, FAMILY_GROUP);
    await bot.send(tapOn(ANNA, prompt, child('leo')));
    await bot.send(tapOn(ANNA, prompt, OTHER));
    const ask = bot.api.lastSent();
    bot.api.clear();

    await bot.send(message(ANNA, FAMILY_GROUP, '40'));
    expect(bot.api.calls).toEqual([]);
    expect(bot.client.changeCalls).toEqual([]);

    await bot.send(message(ANNA, FAMILY_GROUP, '40', { replyTo: ask }));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'leo', operation: '+', seconds: 2400 }]);
    expect(editsOf(bot, prompt).at(-1)).toBe('✅ +40 min for Leo on desktop by Anna: 1h 40m left');
  });

  test("in the group, another parent cannot answer Anna's steps; hers go on", async () => {
    const bot = start();
    const prompt = await startGuided(bot, FAMILY_GROUP);

    await bot.send(tapOn(BEN, prompt, child('mia')));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual([NOT_YOURS]);
    bot.api.clear();

    await bot.send(tapOn(ANNA, prompt, child('leo')));
    expect(editsOf(bot, prompt)).toEqual(['How much for <b>Leo</b> on desktop? (minutes)']);
  });

  test('while it waits, other commands are answered as usual', async () => {
    const bot = start();
    const prompt = await startGuided(bot);
    await bot.send(message(ANNA, privateChat(ANNA), '/status'));
    expect(bot.api.texts()).toEqual([expect.stringContaining('<b>Mia</b>') as unknown]);
    await bot.send(tapOn(ANNA, prompt, child('leo')));
    expect(editsOf(bot, prompt)).toEqual(['How much for <b>Leo</b> on desktop? (minutes)']);
  });

  test('a new /add replaces an unfinished one', async () => {
    const bot = start();
    const first = await startGuided(bot);
    const second = await startGuided(bot);
    expect(second.message_id).not.toBe(first.message_id);
    await bot.send(tapOn(ANNA, first, child('leo')));
    expect(bot.api.toasts()).toEqual([NOT_YOURS]);
    await bot.send(tapOn(ANNA, second, child('leo')));
    expect(editsOf(bot, second)).toEqual(['How much for <b>Leo</b> on desktop? (minutes)']);
  });
});
