import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Message, Update } from 'grammy/types';
import { afterEach, describe, expect, test } from 'vitest';
import { createBot } from '../../../../src/bot/create-bot.ts';
import type { Reload } from '../../../../src/bot/features/setup.ts';
import { SetupDesk } from '../../../../src/bot/setup-desk.ts';
import { loadConfig } from '../../../../src/config/load.ts';
import type { Config, ConfigError } from '../../../../src/config/types.ts';
import { firstConfigText } from '../../../../src/config/write-file.ts';
import { ComputerSetup } from '../../../../src/household/computer-setup.ts';
import { SetupLinks } from '../../../../src/household/setup-links.ts';
import type { SetupServer } from '../../../../src/household/setup-server.ts';
import { err, ok, type Result } from '../../../../src/lib/result.ts';
import { FAMILY_CHAT, PARENT_ANNA, PARENT_BEN, silentLogger, tempDir, tempStore } from '../../../support/bot-config.ts';
import { lineOf, replaced } from '../../../support/config-text.ts';
import { FakeRulesClient } from '../../../support/fake-rules-client.ts';
import { ANNA, BEN, BOT_INFO, buttonsOf, FakeTimekprClient, FAMILY_GROUP, FOREIGN_GROUP, message, privateChat, RecordingApi, STRANGER, tapOn } from '../../../support/offline-bot.ts';
import { translations } from '../../../support/words.ts';

/*
 * Setup from the chat, offline: the bot of createBot with `setup: { desk, reload }`, a real SetupDesk and
 * ComputerSetup whose setup server is a fake (nothing listens), and a real config file in a temporary folder, written
 * as the bot writes its first one. Every Bot API call is recorded (test/support/offline-bot.ts).
 */

const NOON = new Date(2026, 2, 14, 12, 0).getTime();
const MINUTE = 60_000;
const SETUP_URL = 'http://192.168.1.5:8477';
const NO_TELEGRAM = 'http://127.0.0.1:9';

/** The first config (Anna claimed the bot), with Ben, the family group, two computers and Mia on the desktop. */
function familyText(parents: readonly number[]): string {
  let text = firstConfigText({ parentId: PARENT_ANNA, language: 'en', privateKeyFile: './bot_key' });
  text = replaced(text, `parents: [${PARENT_ANNA}]`, `parents: [${parents.join(', ')}]`);
  text = replaced(text, 'chats: []', `chats: [${FAMILY_CHAT}]`);
  text = replaced(text, 'machines: {}', 'machines:\n  desktop:\n    host: 192.168.1.30\n  laptop:\n    host: laptop.lan\n    port: 2222');
  text = replaced(text, 'children: {}', 'children:\n  mia:\n    name: Mia\n    accounts:\n      desktop: mia');
  return text;
}

/** A setup server that listens in name only. */
function fakeServer(): SetupServer & { ensureListeningCalls: number } {
  const server = {
    listening: false,
    ensureListeningCalls: 0,
    ensureListening() {
      server.ensureListeningCalls += 1;
      server.listening = true;
      return Promise.resolve(ok({ host: '0.0.0.0', port: 8477 }));
    },
    closeIfIdle: () => Promise.resolve(),
    close() {
      server.listening = false;
      return Promise.resolve();
    },
  };
  return server;
}

interface SetupBot {
  readonly api: RecordingApi;
  readonly configFile: string;
  readonly links: SetupLinks;
  readonly server: ReturnType<typeof fakeServer>;
  readonly client: FakeTimekprClient;
  /** What each call of `reload` gave. */
  readonly reloads: Result<{ readonly config: Config }, ConfigError[]>[];
  /** The file as it is now. */
  readonly file: () => string;
  /** The file, loaded as the bot would (throws if it does not load). */
  readonly loaded: () => Promise<Config>;
  readonly send: (update: Update) => Promise<void>;
  readonly advance: (ms: number) => void;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startSetupBot(parents: readonly number[] = [PARENT_ANNA, PARENT_BEN]): Promise<SetupBot> {
  const { dir, remove } = tempDir();
  const configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, familyText(parents));
  const first = await loadConfig(configFile);
  if (!first.ok) throw new Error(`the test config does not load: ${JSON.stringify(first.error)}`);
  const config = first.value.config;

  const server = fakeServer();
  const links = new SetupLinks();
  const computers = new ComputerSetup(
    {
      server: () => server,
      targetOf: () => Promise.resolve(err('not in this test')),
      firstContact: () => Promise.reject(new Error('no first contact in this test')),
      logger: silentLogger(),
    },
    links,
  );
  const desk = new SetupDesk({ computers, configFile, ownKeyFile: path.join(dir, 'bot_key'), setupUrl: SETUP_URL });
  const reloads: SetupBot['reloads'] = [];
  const reload: Reload = async () => {
    const loaded = await loadConfig(configFile);
    const result = loaded.ok ? ok({ config: loaded.value.config }) : loaded;
    reloads.push(result);
    return result;
  };

  const api = new RecordingApi();
  const client = new FakeTimekprClient(config);
  const store = tempStore();
  let clock = NOON;
  const { bot, outbox, whenIdle } = createBot({
    token: '123456:offline',
    config: { ...config, telegram: { ...config.telegram, apiRoot: NO_TELEGRAM } },
    client,
    rules: new FakeRulesClient(),
    store: store.store,
    logger: silentLogger(),
    translations,
    now: () => clock,
    botInfo: BOT_INFO,
    fetch: api.fetch,
    setup: { desk, reload },
  });
  cleanups.push(async () => {
    await whenIdle();
    await outbox.stop();
    await computers.close();
    store.remove();
    remove();
  });
  return {
    api,
    configFile,
    links,
    server,
    client,
    reloads,
    file: () => readFileSync(configFile, 'utf8'),
    loaded: async () => {
      const loaded = await loadConfig(configFile);
      if (!loaded.ok) throw new Error(`the config does not load: ${JSON.stringify(loaded.error)}`);
      return loaded.value.config;
    },
    send: async (update) => {
      await bot.handleUpdate(update);
      await whenIdle();
      await outbox.idle();
    },
    advance: (ms) => void (clock += ms),
  };
}

/** The last message the bot sent to `chatId` (through the outbox or a reply). */
function lastTo(bot: SetupBot, chatId: number): Message.TextMessage {
  const sent = bot.api.sentMessages().filter((sentMessage) => sentMessage.chat.id === chatId).at(-1);
  if (sent === undefined) throw new Error(`nothing was sent to ${chatId}; calls: ${bot.api.methods().join(', ')}`);
  return sent;
}

/** The payloads of the messages sent to `chatId`. */
function sentTo(bot: SetupBot, chatId: number): Record<string, unknown>[] {
  return bot.api.payloadsOf('sendMessage').filter((payload) => payload['chat_id'] === chatId);
}

/** The payload of the last sendMessage. */
function lastPayload(bot: SetupBot): Record<string, unknown> {
  const payload = bot.api.payloadsOf('sendMessage').at(-1);
  if (payload === undefined) throw new Error(`nothing was sent; calls: ${bot.api.methods().join(', ')}`);
  return payload;
}

describe('/computer add', () => {
  test("a stranger's is refused: nothing written, nothing served", async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(STRANGER, privateChat(STRANGER), '/computer add pc 192.168.1.20'));
    expect(bot.api.texts()).toEqual([`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${STRANGER.id}.`]);
    expect(bot.file()).toBe(before);
    expect(bot.server.ensureListeningCalls).toBe(0);
    expect(bot.reloads).toEqual([]);
  });

  test("a parent's writes the computer to the file and answers with the one-time setup line", async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, privateChat(ANNA), '/computer add pc 192.168.1.20:2222'));

    const config = await bot.loaded();
    expect(config.machines.get('pc')).toMatchObject({ host: '192.168.1.20', port: 2222 });
    // The rest of the file is as it was, comments included.
    expect(bot.file()).toContain("# timekpr-bot's settings.");
    expect(config.machines.get('desktop')).toMatchObject({ host: '192.168.1.30' });
    expect(bot.reloads.map((reload) => reload.ok)).toEqual([true]);
    expect(bot.server.ensureListeningCalls).toBe(1);

    const answer = lastPayload(bot);
    expect(answer).toMatchObject({ chat_id: ANNA.id, parse_mode: 'HTML' });
    const text = String(answer['text']);
    const line = /^<code>(curl -fsSL http:\/\/192\.168\.1\.5:8477\/s\/([A-Za-z0-9_-]{32})\/ \| sudo sh)<\/code>$/m.exec(text);
    expect(line, text).not.toBeNull();
    expect(text).toContain(`<code>wget -qO- ${SETUP_URL}/s/${line?.[2] ?? ''}/ | sudo sh</code>`);
    expect(text).toContain('<b>pc</b>');
    expect(buttonsOf(answer)).toEqual([expect.stringMatching(/^s:\d+:d$/), expect.stringMatching(/^s:\d+:x$/)]);
    // The token in the line is the one the setup server would serve, for this computer.
    expect(bot.links.take(line?.[2] ?? '', Date.now())).toBe('pc');
  });

  test.each([
    ['bad!name 1.2.3.4', '“bad!name” cannot be a computer\'s name: letters, digits, “-” or “_”, at most 24.'],
    ["pc 'x;y'", "“'x;y'” is not a host name or IP address (with :port when SSH is not on port 22)."],
    ['pc 192.168.1.20:70000', '“192.168.1.20:70000” is not a host name or IP address (with :port when SSH is not on port 22).'],
    ['pc <b>', '“&lt;b&gt;” is not a host name or IP address (with :port when SSH is not on port 22).'],
  ])('/computer add %s: a clear error, nothing written', async (args, answer) => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, privateChat(ANNA), `/computer add ${args}`));
    expect(bot.api.texts()).toEqual([answer]);
    expect(bot.file()).toBe(before);
    expect(bot.reloads).toEqual([]);
    expect(bot.server.ensureListeningCalls).toBe(0);
  });

  test('a computer of that name at another address: refused, nothing written', async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, privateChat(ANNA), '/computer add desktop 10.0.0.9'));
    expect(bot.api.texts()).toEqual(['There is a computer called desktop already, at 192.168.1.30. To add it anew: /computer remove desktop first.']);
    expect(bot.file()).toBe(before);
  });
  test('in the family group: to be done privately, nothing written, nothing served', async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, FAMILY_GROUP, '/computer add pc 192.168.1.40'));
    expect(bot.api.texts()).toEqual(['Computers are added in a private chat with me: the line to run and the questions that follow are for you, not for the group.']);
    expect(bot.file()).toBe(before);
    expect(bot.server.ensureListeningCalls).toBe(0);
  });
});

describe('changes asked with buttons: only the asking parent says yes', () => {
  test('/child rename: asked with buttons; another parent\'s tap is refused; the asker\'s Yes writes the name', async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, FAMILY_GROUP, '/child rename mia Mia Sophie'));
    const question = lastTo(bot, FAMILY_CHAT);
    expect(question.text).toBe('Call Mia “Mia Sophie” from now on?');
    const [yes, no] = buttonsOf(lastPayload(bot));
    expect(yes).toMatch(/^s:\d+:y$/);
    expect(no).toMatch(/^s:\d+:n$/);
    expect(bot.file()).toBe(before);

    await bot.send(tapOn(BEN, question, yes ?? ''));
    expect(bot.api.toasts()).toEqual(['This question is for the parent who asked.']);
    expect(bot.file()).toBe(before);
    expect(bot.api.payloadsOf('editMessageText')).toEqual([]);

    await bot.send(tapOn(ANNA, question, yes ?? ''));
    expect((await bot.loaded()).children.get('mia')?.name).toBe('Mia Sophie');
    expect(bot.api.payloadsOf('editMessageText').at(-1)).toMatchObject({ chat_id: FAMILY_CHAT, message_id: question.message_id, text: '✅ Mia is called Mia Sophie now.' });

    // Answered: a second tap finds nothing, and writes nothing.
    const after = bot.file();
    await bot.send(tapOn(ANNA, question, yes ?? ''));
    expect(bot.api.toasts().at(-1)).toBe('This question is no longer open.');
    expect(bot.file()).toBe(after);
  });

  test("/child rename, the asker's No: left as it is", async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, privateChat(ANNA), '/child rename mia Mimi'));
    const question = lastTo(bot, ANNA.id);
    await bot.send(tapOn(ANNA, question, buttonsOf(lastPayload(bot))[1] ?? ''));
    expect(bot.file()).toBe(before);
    expect(bot.api.payloadsOf('editMessageText').at(-1)).toMatchObject({ text: 'Left as it is.' });
    expect(bot.reloads).toEqual([]);
  });

  test('/computer remove: asked with buttons; only the asker\'s Yes removes it, with the logins on it', async () => {
    const bot = await startSetupBot();
    const before = bot.file();
    await bot.send(message(ANNA, FAMILY_GROUP, '/computer remove desktop'));
    const question = lastTo(bot, FAMILY_CHAT);
    expect(question.text).toBe("Remove the computer desktop from the config, with the children's logins on it? Nothing is changed on the computer itself.");
    const [yes] = buttonsOf(lastPayload(bot));

    await bot.send(tapOn(BEN, question, yes ?? ''));
    expect(bot.api.toasts()).toEqual(['This question is for the parent who asked.']);
    expect(bot.file()).toBe(before);

    await bot.send(tapOn(ANNA, question, yes ?? ''));
    const config = await bot.loaded();
    expect([...config.machines.keys()]).toEqual(['laptop']);
    expect(config.children.get('mia')?.accounts.has('desktop')).toBe(false);
    expect(bot.api.payloadsOf('editMessageText').at(-1)).toMatchObject({ text: '✅ desktop is removed.' });
  });

  test('/computer remove of a computer not there: told which there are, nothing asked', async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, privateChat(ANNA), '/computer remove tablet'));
    expect(bot.api.texts()).toEqual(['There is no computer called “tablet”. The computers: desktop, laptop.']);
    expect(buttonsOf(lastPayload(bot))).toEqual([]);
  });

  test('/parent remove of another parent: asked, and the Yes writes it', async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, privateChat(ANNA), `/parent remove ${PARENT_BEN}`));
    const question = lastTo(bot, ANNA.id);
    expect(question.text).toBe(`Remove the parent with Telegram ID ${PARENT_BEN}? They can no longer use the bot.`);
    await bot.send(tapOn(ANNA, question, buttonsOf(lastPayload(bot))[0] ?? ''));
    expect((await bot.loaded()).telegram.parents).toEqual([PARENT_ANNA]);
  });

  test('/parent remove of the last parent is refused: nothing asked, nothing written', async () => {
    const bot = await startSetupBot([PARENT_ANNA]);
    const before = bot.file();
    await bot.send(message(ANNA, privateChat(ANNA), `/parent remove ${PARENT_ANNA}`));
    expect(bot.api.texts()).toEqual(['The last parent cannot be removed: nobody could use the bot any more.']);
    expect(buttonsOf(lastPayload(bot))).toEqual([]);
    expect(bot.file()).toBe(before);
  });
});

describe('/join', () => {
  test('from a stranger in a private chat: every parent is asked once, with Approve and No', async () => {
    const bot = await startSetupBot();
    await bot.send(message(STRANGER, privateChat(STRANGER), '/join'));

    expect(sentTo(bot, STRANGER.id).map((payload) => payload['text'])).toEqual(['I asked the parents. You will hear from me when one of them says yes.']);
    for (const parent of [ANNA, BEN]) {
      const asked = sentTo(bot, parent.id);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.['text']).toBe(`👤 <b>${STRANGER.first_name}</b> (Telegram ID ${STRANGER.id}) sent /join: make them a parent of this bot? Parents may change every child's time and rules.`);
      expect(buttonsOf(asked[0])).toEqual([expect.stringMatching(/^s:\d+:y$/), expect.stringMatching(/^s:\d+:n$/)]);
      const keyboard = asked[0]?.['reply_markup'] as { inline_keyboard: { text: string }[][] };
      expect(keyboard.inline_keyboard.flat().map((button) => button.text)).toEqual(['✅ Make parent', 'No']);
    }
    expect(buttonsOf(sentTo(bot, ANNA.id)[0])).toEqual(buttonsOf(sentTo(bot, BEN.id)[0]));
  });

  test('a second /join within 10 minutes does not ask again; after them it does', async () => {
    const bot = await startSetupBot();
    await bot.send(message(STRANGER, privateChat(STRANGER), '/join'));
    bot.advance(9 * MINUTE);
    await bot.send(message(STRANGER, privateChat(STRANGER), '/join'));
    expect(sentTo(bot, ANNA.id)).toHaveLength(1);
    expect(sentTo(bot, BEN.id)).toHaveLength(1);
    expect(sentTo(bot, STRANGER.id).map((payload) => payload['text'])).toEqual([
      'I asked the parents. You will hear from me when one of them says yes.',
      'I asked the parents. You will hear from me when one of them says yes.',
    ]);

    bot.advance(2 * MINUTE);
    await bot.send(message(STRANGER, privateChat(STRANGER), '/join'));
    expect(sentTo(bot, ANNA.id)).toHaveLength(2);
  });

  test("one parent's Approve writes the new parent and welcomes them", async () => {
    const bot = await startSetupBot();
    await bot.send(message(STRANGER, privateChat(STRANGER), '/join'));
    const question = lastTo(bot, BEN.id);
    await bot.send(tapOn(BEN, question, buttonsOf(sentTo(bot, BEN.id)[0])[0] ?? ''));
    expect((await bot.loaded()).telegram.parents).toEqual([PARENT_ANNA, PARENT_BEN, STRANGER.id]);
    expect(bot.api.payloadsOf('editMessageText').at(-1)).toMatchObject({ chat_id: BEN.id, text: `✅ ${STRANGER.first_name} is a parent now (approved by ${BEN.first_name}).` });
    expect(sentTo(bot, STRANGER.id).at(-1)?.['text']).toMatch(/^✅ You are a parent of this bot now\./);

    // Anna's copy of the question is answered already.
    const annas = lastTo(bot, ANNA.id);
    await bot.send(tapOn(ANNA, annas, buttonsOf(sentTo(bot, ANNA.id)[0])[0] ?? ''));
    expect(bot.api.toasts().at(-1)).toBe('This question is no longer open.');
  });

  test("a parent's /join is answered, nobody asked", async () => {
    const bot = await startSetupBot();
    await bot.send(message(BEN, privateChat(BEN), '/join'));
    expect(bot.api.texts()).toEqual(['You are a parent of this bot already.']);
  });
});

describe('a group not set up', () => {
  test("a parent's command there asks that parent privately, and the command does not run", async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, FOREIGN_GROUP, '/status'));

    expect(bot.api.payloadsOf('sendMessage')).toEqual([
      expect.objectContaining({ chat_id: ANNA.id, parse_mode: 'HTML', text: `Use the group “${FOREIGN_GROUP.title}” for alerts and requests? Parents can then use the bot there, and low-time alerts and children's requests go there.` }),
    ]);
    expect(buttonsOf(lastPayload(bot))).toEqual([expect.stringMatching(/^s:\d+:y$/), expect.stringMatching(/^s:\d+:n$/)]);
    expect(sentTo(bot, FOREIGN_GROUP.id)).toEqual([]);
    expect(bot.client.usersInfoCalls).toEqual([]);
  });

  test("a parent's command for another bot there asks nothing; one addressed to this bot does", async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, FOREIGN_GROUP, '/start@other_bot'));
    expect(sentTo(bot, ANNA.id)).toEqual([]);
    await bot.send(message(ANNA, FOREIGN_GROUP, '/status@timekpr_test_bot'));
    expect(sentTo(bot, ANNA.id)).toHaveLength(1);
  });

  test("asked once in 10 minutes; the parent's Yes adds the group and greets it", async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, FOREIGN_GROUP, '/status'));
    await bot.send(message(ANNA, FOREIGN_GROUP, '/status'));
    expect(sentTo(bot, ANNA.id)).toHaveLength(1);
    expect(bot.client.usersInfoCalls).toEqual([]);

    await bot.send(tapOn(ANNA, lastTo(bot, ANNA.id), buttonsOf(sentTo(bot, ANNA.id)[0])[0] ?? ''));
    expect((await bot.loaded()).telegram.chats).toEqual([FAMILY_CHAT, FOREIGN_GROUP.id]);
    expect(sentTo(bot, FOREIGN_GROUP.id).map((payload) => payload['text'])).toEqual(['✅ I work in this group now: parents can use me here, and alerts and requests come here.']);
  });
});

describe('/reload', () => {
  test('a good file: read again, with what it holds now', async () => {
    const bot = await startSetupBot();
    await bot.send(message(ANNA, privateChat(ANNA), '/reload'));
    expect(bot.reloads.map((reload) => reload.ok)).toEqual([true]);
    expect(bot.api.texts()).toHaveLength(1);
    expect(bot.api.texts()[0]).toMatch(/^✅ Read the config again: 2 computers, /);
  });

  test('a broken file: answered with its file:line problem, and not applied', async () => {
    const bot = await startSetupBot();
    const broken = replaced(bot.file(), 'host: laptop.lan', 'host: "laptop lan!"');
    writeFileSync(bot.configFile, broken);

    await bot.send(message(ANNA, privateChat(ANNA), '/reload'));

    expect(bot.reloads).toHaveLength(1);
    const [reload] = bot.reloads;
    expect(reload?.ok).toBe(false);
    const line = lineOf(broken, 'laptop lan!');
    const text = bot.api.texts()[0] ?? '';
    expect(bot.api.texts()).toHaveLength(1);
    expect(text).toMatch(/^⚠️ The config has problems; the bot goes on with the settings it had:\n<pre>/);
    expect(text).toContain(`${bot.configFile}:${line} machines.laptop.host: must be a host name or IP address`);
    // Nothing was written over the parent's file.
    expect(bot.file()).toBe(broken);
  });

  test('a change from the chat that would break the file is not written', async () => {
    const bot = await startSetupBot();
    const broken = replaced(bot.file(), 'host: laptop.lan', 'host: "laptop lan!"');
    writeFileSync(bot.configFile, broken);
    await bot.send(message(ANNA, privateChat(ANNA), '/computer add pc 192.168.1.20'));
    expect(bot.file()).toBe(broken);
    expect(bot.api.texts()[0]).toMatch(/^⚠️ Not saved: the config would have problems afterwards/);
    expect(bot.api.texts()[0]).toContain(`config.yaml:${lineOf(broken, 'laptop lan!')} machines.laptop.host`);
    expect(bot.server.ensureListeningCalls).toBe(0);
  });
});
