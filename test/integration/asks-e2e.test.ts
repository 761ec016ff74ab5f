import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, readInfo, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// Children ask, parents answer: the real bot process (grammY long polling) against the Bot API stand-in and the real
// Timekpr-nExT daemon. Mia is logged in on pc, Leo is not.

const TOKEN = '123456:asks-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const MIA: TestUser = { id: 701, first_name: 'Mia' };
const LEO: TestUser = { id: 702, first_name: 'Leo' };
/** Leo's second Telegram account (a child may have several). */
const LEO_TABLET: TestUser = { id: 703, first_name: 'Leo' };
const STRANGER: TestUser = { id: 999, first_name: 'Eve' };
const FAMILY: TestChat = { id: -100700, type: 'supergroup', title: 'Family' };
const privateChat = (user: TestUser): TestChat => ({ id: user.id, type: 'private' });

let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let client: TimekprClient;
let dir: string;
let cleanup: () => Promise<void>;
let mia: string;
let leo: string;

const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');
const messageIdOf = (call: RecordedCall): number => (call.response?.ok ? (call.response.result as { message_id: number }).message_id : -1);
const buttonsOf = (call: RecordedCall): { text: string; callback_data: string }[] =>
  ((call.params['reply_markup'] as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
const replyTo = (call: RecordedCall): number | undefined => (call.params['reply_parameters'] as { message_id?: number } | undefined)?.message_id;

async function secondsLeft(login: string): Promise<number> {
  return (await readInfo(client, login)).secondsLeft;
}

async function setTime(login: string, seconds: number): Promise<void> {
  const change = await client.changeTimeLeft('pc', login, '=', seconds);
  if (!change.ok) throw new Error(JSON.stringify(change.error));
}

async function startBot(): Promise<void> {
  bot = startBotProcess(dir, path.join(dir, 'config.yaml'), { BOT_TOKEN: TOKEN, HEARTBEAT_FILE: path.join(dir, 'heartbeat') });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
}

/** Sends `text` as `from` in `chat` and waits for the bot's first message to that chat after it. */
async function say(from: TestUser, chat: TestChat, text: string, expect: (call: RecordedCall) => boolean = () => true): Promise<{ sent: number; answer: RecordedCall }> {
  const after = api.calls.length;
  const update = api.sendText({ from, chat, text });
  const sent = update.message?.message_id ?? -1;
  const answer = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === chat.id && expect(call), { after, timeoutMs: 20_000 });
  return { sent, answer };
}

beforeAll(async () => {
  const host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  ({ dir, cleanup } = await makeTempDir());
  api = await startBotApiStandin({ token: TOKEN });
  const yaml =
    testHostConfig(host, { pc: {} }, { mia: { pc: mia }, leo: { pc: leo } }, {}, { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot })
      .replace(/(\n {2}mia:\n {4}name: Mia\n)/, '$1    telegram: [701]\n')
      .replace(/(\n {2}leo:\n {4}name: Leo\n)/, '$1    telegram: [702, 703]\n') + 'notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\nasks:\n  expireMinutes: 1\n';
  if (!yaml.includes('telegram: [701]') || !yaml.includes('telegram: [702, 703]')) throw new Error(`children's IDs not in the config:\n${yaml}`);
  const loaded = await writeAndLoadConfig(dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  await setTime(mia, 3600);
  await setTime(leo, 1200);
  await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await setTime(mia, 3600).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close()]);
  await cleanup?.();
});

describe('children ask, parents answer (real bot, real daemon)', () => {
  test("a child's /ask reaches the family chat; the first parent's +30 applies once, every later tap changes nothing", async () => {
    const asked = api.calls.length;
    const { sent, answer } = await say(MIA, FAMILY, '/ask 30 homework', (call) => textOf(call).startsWith('🙋 I asked'));
    expect(replyTo(answer)).toBe(sent);
    const request = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('🙋 Mia asks'), { after: asked });
    expect(textOf(request)).toMatch(/^🙋 Mia asks for 30 min \(homework\) · (\d+h \d\dm|\d+m) left on pc, logged in$/);
    expect(buttonsOf(request).map((button) => button.text)).toEqual(['+15', '+30', '+60', 'No']);
    const give30 = buttonsOf(request).find((button) => button.text === '+30')?.callback_data ?? '';

    // Both parents tap at once (Anna +30, Ben +60): the first answer wins, the other is told, one change is made.
    const before = await secondsLeft(mia);
    let after = api.calls.length;
    const give60 = buttonsOf(request).find((button) => button.text === '+60')?.callback_data ?? '';
    const taps = [
      api.pressButton({ from: ANNA, chat: FAMILY, messageId: messageIdOf(request), data: give30 }),
      api.pressButton({ from: BEN, chat: FAMILY, messageId: messageIdOf(request), data: give60 }),
    ];
    const edited = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(request), { after, timeoutMs: 20_000 });
    const winner = /\n✅ (Anna|Ben) gave Mia (30|60) min on pc: /.exec(textOf(edited));
    if (winner === null) throw new Error(`unexpected outcome: ${textOf(edited)}`);
    const [, name = '', minutes = ''] = winner;
    expect(minutes).toBe(name === 'Anna' ? '30' : '60');
    expect(textOf(edited)).toMatch(/^🙋 Mia asks for 30 min \(homework\)\n✅ (Anna|Ben) gave Mia (30|60) min on pc: (\d+h \d\dm|\d+m) left$/);
    for (const tap of taps) await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === tap.callback_query?.id, { after });
    const toasts = taps.map((tap) => api.callbackAnswer(tap.callback_query?.id ?? '')?.text);
    expect(toasts.sort()).toEqual(['Giving time…', `${name} already answered.`].sort());
    const told = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith(`✅ ${name} gave you`), { after });
    expect(textOf(told)).toMatch(new RegExp(`^✅ ${name} gave you ${minutes} min on pc: (\\d+h \\d\\dm|\\d+m) left\\.$`));
    expect(replyTo(told)).toBe(sent);
    const given = await secondsLeft(mia);
    expect(given - before).toBeGreaterThan(Number(minutes) * 60 - 30);
    expect(given - before).toBeLessThanOrEqual(Number(minutes) * 60);

    // The winning tap delivered again after a restart (as if the bot had crashed before confirming it): nothing is
    // applied twice.
    const winning = taps[name === 'Anna' ? 0 : 1];
    if (winning === undefined) throw new Error('no winning tap');
    expect(await bot.stop()).toBe(0);
    api.redeliver(winning);
    after = api.calls.length;
    await startBot();
    await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === winning.callback_query?.id, { after });
    expect(Math.abs((await secondsLeft(mia)) - given)).toBeLessThanOrEqual(30);
  });

  test('a child may only see their own time and ask: parent commands and buttons are refused, nothing changes', async () => {
    const time = await say(MIA, privateChat(MIA), '/time');
    expect(textOf(time.answer)).toMatch(/^<b>Your time today<\/b>\npc: <b>(\d+h \d\dm|\d+m)<\/b> left · logged in · /);
    expect(textOf(time.answer)).not.toContain('Leo');
    expect(textOf(time.answer)).not.toContain(leo);

    for (const command of ['/status', '/add mia 60', '/history']) {
      const refused = await say(MIA, FAMILY, command);
      expect(textOf(refused.answer)).toBe('Only your parents can do that. You can use /time to see your time and /ask to ask for more.');
    }
    // A parent's status message: the child's tap on +60 is refused.
    const status = await say(ANNA, privateChat(ANNA), '/status');
    const before = await secondsLeft(mia);
    const after = api.calls.length;
    const tap = api.pressButton({ from: MIA, chat: privateChat(ANNA), messageId: messageIdOf(status.answer), data: 'a:mia:pc:60' });
    await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === tap.callback_query?.id, { after });
    expect(api.callbackAnswer(tap.callback_query?.id ?? '')?.text).toBe('Only your parents can do that.');
    expect(Math.abs((await secondsLeft(mia)) - before)).toBeLessThanOrEqual(30);

    const stranger = await say(STRANGER, privateChat(STRANGER), '/ask 30');
    expect(textOf(stranger.answer)).toContain(String(STRANGER.id));
    expect(textOf(stranger.answer)).not.toMatch(/asked|Mia|Leo/);
  });

  test('No: the child is told, and may not ask again before the cooldown; a child logged in nowhere lets the parent pick', async () => {
    await setTime(leo, 1200);
    const asked = api.calls.length;
    const { sent } = await say(LEO, privateChat(LEO), '/ask 15', (call) => textOf(call).startsWith('🙋 I asked'));
    const request = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('🙋 Leo asks'), { after: asked });
    expect(textOf(request)).toBe('🙋 Leo asks for 15 min\npc: 20m left, not logged in\nNot logged in anywhere: pick the computer.');
    expect(buttonsOf(request).map((button) => button.text)).toEqual(['pc +15', 'pc +30', 'pc +60', 'No']);

    const after = api.calls.length;
    api.pressButton({ from: BEN, chat: FAMILY, messageId: messageIdOf(request), data: buttonsOf(request).find((button) => button.text === 'No')?.callback_data ?? '' });
    const edited = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(request), { after });
    expect(textOf(edited)).toBe('🙋 Leo asks for 15 min\n❌ Ben said no.');
    const told = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === LEO.id && textOf(call).startsWith('❌'), { after });
    expect(textOf(told)).toMatch(/^❌ Ben said no\. You can ask again at \d\d:\d\d\.$/);
    expect(replyTo(told)).toBe(sent);
    expect(await secondsLeft(leo)).toBe(1200);

    const again = await say(LEO, privateChat(LEO), '/ask 15');
    expect(textOf(again.answer)).toMatch(/^Your parents just said no\. You can ask again at \d\d:\d\d\.$/);
  });

  test('a request asked before a restart can be answered after it', async () => {
    const asked = api.calls.length;
    await say(MIA, privateChat(MIA), '/ask 15', (call) => textOf(call).startsWith('🙋 I asked'));
    const request = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('🙋 Mia asks for 15'), { after: asked });
    expect(await bot.stop()).toBe(0);
    await startBot();
    const before = await secondsLeft(mia);
    const after = api.calls.length;
    api.pressButton({ from: BEN, chat: FAMILY, messageId: messageIdOf(request), data: buttonsOf(request).find((button) => button.text === '+15')?.callback_data ?? '' });
    const edited = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(request), { after, timeoutMs: 20_000 });
    expect(textOf(edited)).toMatch(/\n✅ Ben gave Mia 15 min on pc: /);
    expect((await secondsLeft(mia)) - before).toBeGreaterThan(900 - 30);
  });

  test("a child's flood is answered once in plain words, then ignored", async () => {
    const after = api.calls.length;
    const limited = () => bot.output().split('\n').filter((line) => line.includes('"msg":"child rate limited"') && line.includes(`"userId":${LEO_TABLET.id}`)).length;
    for (let count = 0; count < 14; count += 1) api.sendText({ from: LEO_TABLET, chat: privateChat(LEO_TABLET), text: 'hello?' });
    // 10 a minute are answered; the 11th gets "slow down"; the rest nothing (each is logged).
    await waitFor(() => Promise.resolve(limited()), (count) => count >= 4, { what: 'the last messages to be limited' });
    const answers = api.calls.filter((call, index) => index >= after && call.method === 'sendMessage' && call.params['chat_id'] === LEO_TABLET.id);
    expect(answers.filter((call) => textOf(call).startsWith('Slow down'))).toHaveLength(1);
    expect(answers.filter((call) => textOf(call).startsWith('Only your parents'))).toHaveLength(10);
    expect(limited()).toBe(4);
  });

  test('a request nobody answers expires (asks.expireMinutes: 1): its buttons go, and the child is told', async () => {
    const asked = api.calls.length;
    const { sent } = await say(MIA, privateChat(MIA), '/ask 15', (call) => textOf(call).startsWith('🙋 I asked'));
    const request = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('🙋 Mia asks for 15'), { after: asked });
    const after = api.calls.length;
    const expired = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(request), { after, timeoutMs: 90_000 });
    expect(textOf(expired)).toBe('🙋 Mia asks for 15 min\n⌛ Nobody answered in time.');
    expect(buttonsOf(expired)).toEqual([]);
    const told = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === MIA.id && textOf(call).startsWith('⌛'), { after });
    expect(textOf(told)).toBe('⌛ Nobody answered your request for 15 min. You can ask again.');
    expect(replyTo(told)).toBe(sent);
    // Between the ask and the expiry at least the configured minute passed.
    expect(expired.at - request.at).toBeGreaterThanOrEqual(59_000);
  }, 120_000);

  test("a German child's /time and /ask and a German parent's give: each reads German; the family chat keeps telegram.language", async () => {
    const miaDe: TestUser = { ...MIA, language_code: 'de' };
    const annaDe: TestUser = { ...ANNA, language_code: 'de' };
    const time = await say(miaDe, privateChat(MIA), '/time');
    expect(textOf(time.answer)).toMatch(/^<b>Deine Zeit heute<\/b>\npc: noch <b>(\d+ Std\. \d\d Min\.|\d+ Min\.)<\/b> · angemeldet · heute .+ genutzt$/);

    const asked = api.calls.length;
    const { sent, answer } = await say(miaDe, privateChat(MIA), '/ask 20 Hausaufgaben', (call) => textOf(call).startsWith('🙋 Ich habe'));
    expect(textOf(answer)).toBe('🙋 Ich habe deine Eltern um 20 Min. gebeten. Ihre Antwort sage ich dir hier.');
    const request = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('🙋 Mia asks for 20'), { after: asked });
    expect(textOf(request)).toMatch(/^🙋 Mia asks for 20 min \(Hausaufgaben\) · (\d+h \d\dm|\d+m) left on pc, logged in$/);
    expect(buttonsOf(request).map((button) => button.text)).toEqual(['+15', '+30', '+60', 'No']);

    const after = api.calls.length;
    const tap = api.pressButton({ from: annaDe, chat: FAMILY, messageId: messageIdOf(request), data: buttonsOf(request).find((button) => button.text === '+15')?.callback_data ?? '' });
    const edited = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(request), { after, timeoutMs: 20_000 });
    expect(textOf(edited)).toMatch(/^🙋 Mia asks for 20 min \(Hausaufgaben\)\n✅ Anna gave Mia 15 min on pc: (\d+h \d\dm|\d+m) left$/);
    await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === tap.callback_query?.id, { after });
    expect(api.callbackAnswer(tap.callback_query?.id ?? '')?.text).toBe('Zeit wird gegeben…');
    const told = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === MIA.id && textOf(call).startsWith('✅'), { after });
    expect(textOf(told)).toMatch(/^✅ Anna hat dir 15 Min\. auf pc gegeben: noch (\d+ Std\. \d\d Min\.|\d+ Min\.)$/);
    expect(replyTo(told)).toBe(sent);
  });
});
