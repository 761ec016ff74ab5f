import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { createTimekpraRulesClient } from '../../src/timekpr/rules-client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { buttonsOf, chatWith, messageIdOf, textOf } from '../support/standin-chat.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, readInfo, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// Changes kept for a computer that is off, against the real bot, sshd and daemon. "den" is the test host reached
// through a relay on loopback that the test switches off and on; "pc" is the same host reached directly, to read
// and set Leo's real time. Leo is logged out: his time does not run, so the values are exact.

const TOKEN = '123456:kept-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const FAMILY: TestChat = { id: -100900, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let bot: BotProcess;
let proxy: Awaited<ReturnType<typeof startSwitchableProxy>>;
let pool: SshPool;
let client: TimekprClient;
let cleanup: () => Promise<void>;
let dir: string;
let leo: string;

const say = (from: TestUser, text: string) => chatWith(api, FAMILY).say(from, text);
const tap = (from: TestUser, message: RecordedCall, label: string) => chatWith(api, FAMILY).tap(from, message, label);

/** The messages the bot sent to the family after call number `after` whose text starts with `prefix`, once there are `count`. */
async function messagesStartingWith(prefix: string, count: number, after: number): Promise<string[]> {
  const found = () => api.calls.slice(after).filter((call) => call.method === 'sendMessage' && textOf(call).startsWith(prefix)).map(textOf);
  await waitFor(() => Promise.resolve(found()), (texts) => texts.length >= count, { what: `${count} message(s) starting "${prefix}"`, timeoutMs: 45_000 });
  return found();
}

const secondsLeft = async () => (await readInfo(client, leo)).secondsLeft;

async function startBot(): Promise<void> {
  bot = startBotProcess(dir, path.join(dir, 'config.yaml'), { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
}

beforeAll(async () => {
  const host = await loadTestHost();
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  const temp = await makeTempDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  proxy = await startSwitchableProxy(host.TKHOST_SSH_PORT);
  // The relay's port is another address for the same host key.
  const hostKey = (await readFile(host.TKHOST_HOST_KEY_PUB, 'utf8')).split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts_den');
  await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${hostKey}\n`);
  const yaml =
    testHostConfig(
      host,
      { pc: {}, den: { port: proxy.port, knownHostsFile: knownHosts, connectTimeoutSeconds: 2 } },
      { leo: { den: leo } },
      {},
      { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot },
    ) + 'notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\noffline:\n  retrySeconds: 2\n';
  const loaded = await writeAndLoadConfig(dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  const set = await client.changeTimeLeft('pc', leo, '=', 1200);
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await client?.changeTimeLeft('pc', leo, '=', 1200).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close(), proxy?.close()]);
  await cleanup?.();
});

test('changes for a computer that is off are kept, survive a restart, and apply once, in order, when it is back; a cancelled one does not', async () => {
  await proxy.switchOff();
  const first = await say(ANNA, '/add leo 15 den');
  expect(textOf(first)).toBe('💤 den is off: +15 min for Leo will be given when it is back (today)');
  expect(buttonsOf(first).map((button) => button.text)).toEqual(['Cancel']);
  const second = await say(BEN, '/add leo 5 den');
  expect(textOf(second)).toBe('💤 den is off: +5 min for Leo will be given when it is back (today)');
  const third = await say(ANNA, '/add leo 10 den');
  const cancelledAt = api.calls.length;
  expect(await tap(BEN, third, 'Cancel')).toBe('Cancelled.');
  expect(await messagesStartingWith('✖️', 1, cancelledAt)).toEqual(['✖️ Ben cancelled +10 min for Leo on den: it will not happen.']);

  const status = textOf(await say(ANNA, '/status'));
  // Not seen by this bot yet: "not reachable"; the kept changes are listed under it.
  expect(status).toMatch(/\nden: ⚠️ not reachable .*\n {4}💤 waiting: \+15 min for Leo \(Anna, \d\d:\d\d\)\n {4}💤 waiting: \+5 min for Leo \(Ben, \d\d:\d\d\)/);
  expect(status).not.toContain('+10 min');

  // A restart while the computer is off: the kept changes are in the database.
  expect(await bot.stop()).toBe(0);
  await startBot();
  expect(await secondsLeft()).toBe(1200);

  const back = api.calls.length;
  await proxy.switchOn();
  const told = await messagesStartingWith('✅ den is back', 2, back);
  expect(told).toEqual([
    expect.stringMatching(/^✅ den is back: \+15 min given to Leo, 35m left \(asked by Anna at \d\d:\d\d\)$/),
    expect.stringMatching(/^✅ den is back: \+5 min given to Leo, 40m left \(asked by Ben at \d\d:\d\d\)$/),
  ]);
  expect(await secondsLeft()).toBe(1200 + 900 + 300);
  // The Cancel buttons of the applied ones are gone.
  const cleared = api.calls.slice(back).filter((call) => call.method === 'editMessageReplyMarkup').map((call) => call.params['message_id']);
  expect(cleared).toEqual(expect.arrayContaining([messageIdOf(first), messageIdOf(second)]));

  // Exactly once: the computer answers again (a /status, and the retries), nothing more is given.
  const again = textOf(await say(BEN, '/status'));
  expect(again).toMatch(/\nden: <b>40m<\/b> left · not logged in/);
  expect(again).not.toContain('waiting');
  expect(await secondsLeft()).toBe(2400);
  expect(api.calls.slice(back).filter((call) => textOf(call).startsWith('✅ den is back'))).toHaveLength(2);
});

test('a pause for a computer that is off happens when it is back; /resume then gives back what was kept', async () => {
  expect((await client.changeTimeLeft('pc', leo, '=', 2400)).ok).toBe(true);
  await proxy.switchOff();
  const question = await say(ANNA, '/pause leo');
  const asked = api.calls.length;
  await tap(ANNA, question, 'Pause');
  const answer = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(question), { after: asked, timeoutMs: 20_000 });
  expect(textOf(answer)).toBe('💤 den is off: Leo will be paused there when it is back (today)');
  expect(buttonsOf(answer).map((button) => button.text)).toEqual(['Cancel']);
  expect(await secondsLeft()).toBe(2400);

  const back = api.calls.length;
  await proxy.switchOn();
  expect(await messagesStartingWith('den is back', 1, back)).toEqual(['den is back: ⏸ Anna paused Leo on den: 40m kept']);
  expect(await secondsLeft()).toBe(0);

  const resumed = await say(BEN, '/resume leo');
  expect(textOf(resumed)).toBe('▶ Ben resumed Leo on den: 40m left');
  expect(await secondsLeft()).toBe(2400);
});

test('a rules change for a computer that is off is kept, listed in /status, and made once when it is back', async () => {
  const weekLimit = async () => {
    const rules = await createTimekpraRulesClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' }).readRules('pc', leo);
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    return rules.value.settings.weekLimit;
  };
  expect(await weekLimit()).toBe(604_800);
  await proxy.switchOff();
  try {
    const kept = await say(ANNA, '/limit leo week 10h');
    expect(textOf(kept)).toBe("💤 den is off: the change of Leo's house rules will be made when it is back");
    expect(buttonsOf(kept).map((button) => button.text)).toEqual(['Cancel']);
    expect(textOf(await say(BEN, '/status'))).toMatch(/\n {4}💤 waiting: the change of Leo's house rules \(Anna, \d\d:\d\d\)/);
    expect(await weekLimit()).toBe(604_800);

    const back = api.calls.length;
    await proxy.switchOn();
    const told = await messagesStartingWith('den is back', 1, back);
    expect(told).toEqual(['den is back: ✅ Anna changed the house rules of Leo:\n• den: <b>Week and month</b>: 10h 00m a week']);
    expect(await weekLimit()).toBe(36_000);
    // Once: the computer answers again, nothing more is written or told.
    expect(textOf(await say(BEN, '/status'))).not.toContain('waiting');
    expect(api.calls.slice(back).filter((call) => textOf(call).startsWith('den is back'))).toHaveLength(1);
  } finally {
    await createTimekpraRulesClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' }).changeRules('pc', leo, { weekLimit: 604_800 });
  }
});
