import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publicKeyLineOf } from '../../src/ssh/keys.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { buttonsOf, chatWith, sentTo, textOf } from '../support/standin-chat.ts';
import { loadTestHost, makeTempDir, waitFor, type TestHost } from '../support/test-host.ts';

/*
 * Setup from the phone, end to end: the real bot process started with no config at all, real grammY long polling
 * against the Bot API stand-in, the real sshd and Timekpr-nExT of the test host. The claim code is read from the
 * bot's console; the line the bot gives is run as root on the host, as a parent pastes it; the config the bot writes
 * is read back from the file.
 */

const run = promisify(execFile);
const TOKEN = '123456:setup-e2e-token';
const ANNA: TestUser = { id: 211, first_name: 'Anna', language_code: 'en' };
const BEN: TestUser = { id: 212, first_name: 'Ben', language_code: 'en' };
const EVE: TestUser = { id: 913, first_name: 'Eve' };
const privateChat = (user: TestUser): TestChat => ({ id: user.id, type: 'private' });
const FAMILY: TestChat = { id: -100777, type: 'supergroup', title: 'Family' };
const HAND_COMMENT = '# Written by hand before the bot wrote: our test household.';

let host: TestHost;
let api: BotApiStandin;
let bot: BotProcess;
let dir: string;
let cleanup: () => Promise<void>;
let setupPort: number;
const configFile = () => path.join(dir, 'config.yaml');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The bot's next message to `chat` whose text matches, after call number `after`. */
function nextTo(chat: TestChat, matches: (text: string) => boolean, after: number, timeoutMs = 30_000): Promise<RecordedCall> {
  return api.waitForCall('sendMessage', (call) => sentTo(call, chat) && matches(textOf(call)), { after, timeoutMs });
}

/** Taps the button labelled `label` under `message` (matched from its start). */
function tap(from: TestUser, chat: TestChat, message: RecordedCall, label: string): void {
  const button = buttonsOf(message).find((candidate) => candidate.text.startsWith(label));
  if (button === undefined) throw new Error(`no button "${label}" in ${JSON.stringify(buttonsOf(message))}`);
  api.pressButton({ from, chat, messageId: (message.response as { result: { message_id: number } }).result.message_id, data: button.callback_data });
}

beforeAll(async () => {
  host = await loadTestHost();
  ({ dir, cleanup } = await makeTempDir());
  api = await startBotApiStandin({ token: TOKEN });
  setupPort = await freePort();
  bot = startBotProcess(dir, configFile(), {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    SETUP_LISTEN: `127.0.0.1:${setupPort}`,
    SETUP_URL: `http://127.0.0.1:${setupPort}`,
    HEARTBEAT_FILE: path.join(dir, 'heartbeat'),
  });
});

afterAll(async () => {
  const code = await bot?.stop();
  if (code !== 0) console.log('BOT OUTPUT', bot?.output());
  // The bot's key of this run goes from the host's authorized_keys again (the user and helper stay, as restricted-key leaves them).
  const keyLine = await readFile(path.join(dir, 'data', 'timekpr-bot_ed25519')).then((key) => publicKeyLineOf(key, undefined), () => undefined);
  const blob = keyLine?.split(' ')[1];
  if (blob !== undefined && host !== undefined) {
    const file = `/home/${host.TKHOST_SSH_USER_RESTRICTED}/.ssh/authorized_keys`;
    const text = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, text.split('\n').filter((line) => !line.includes(blob)).join('\n')).catch(() => undefined);
  }
  await api?.close();
  await cleanup?.();
  expect(code).toBe(0);
});

describe('from no config to a working /status, from the chat', () => {
  let code = '';
  let trusted = false;

  test('with no config the bot makes its key, prints a claim code, and answers nobody but /claim', async () => {
    const printed = await waitFor(() => Promise.resolve(/Send \/claim (\d{3}-\d{3}) to @(\w+) within 15 minutes to become its first parent\./.exec(bot.output())), (match) => match !== null, {
      timeoutMs: 30_000,
      what: 'the claim line on the console',
    });
    code = printed?.[1] ?? '';
    expect(code).toMatch(/^\d{3}-\d{3}$/);
    const key = await stat(path.join(dir, 'data', 'timekpr-bot_ed25519'));
    expect(key.mode & 0o777).toBe(0o600);
    // Nothing but /claim is answered: a stranger's /status gets no word.
    const before = api.calls.length;
    api.sendText({ from: EVE, chat: privateChat(EVE), text: '/status' });
    const wrong = code === '111-111' ? '222-222' : '111-111';
    const refused = await chatWith(api, privateChat(EVE)).say(EVE, `/claim ${wrong}`);
    expect(textOf(refused)).toBe('That is not the code.');
    expect(api.calls.slice(before).filter((call) => call.method === 'sendMessage')).toHaveLength(1);
  });

  test('the right code makes the sender the first parent, once; the config is written, with no secret', async () => {
    const welcome = await chatWith(api, privateChat(ANNA)).say(ANNA, `/claim ${code}`);
    expect(textOf(welcome)).toContain('You are this bot\'s parent now');
    await api.waitForCall('setMyCommands', undefined, { timeoutMs: 30_000 });
    const second = await chatWith(api, privateChat(BEN)).say(BEN, `/claim ${code}`);
    expect(textOf(second)).toBe(`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${BEN.id}.`);
    const text = await readFile(configFile(), 'utf8');
    expect(text).toContain(`parents: [${ANNA.id}]`);
    expect(text).not.toContain(TOKEN);
  });

  test('a hand edit is read with /reload; a broken one is refused with its line, and the bot goes on', async () => {
    const written = await readFile(configFile(), 'utf8');
    const broken = written.replace('ssh:\n', 'ssh:\n  port: seventy\n');
    await writeFile(configFile(), broken);
    const anna = chatWith(api, privateChat(ANNA));
    const refused = await anna.say(ANNA, '/reload');
    expect(textOf(refused)).toContain('The config has problems; the bot goes on with the settings it had');
    expect(textOf(refused)).toMatch(/config\.yaml:\d+ ssh\.port: must be a port number/);
    const edited = written.replace('ssh:\n', `${HAND_COMMENT}\nssh:\n  user: ${host.TKHOST_SSH_USER_RESTRICTED}\n  connectTimeoutSeconds: 3\n`);
    await writeFile(configFile(), edited);
    const reloaded = await anna.say(ANNA, '/reload');
    expect(textOf(reloaded)).toContain('Read the config again: 0 computers, 0 children');
    // SIGHUP does the same: a broken file is refused in the log, a good one read.
    await writeFile(configFile(), broken);
    bot.hangup();
    await waitFor(() => Promise.resolve(bot.logLines('SIGHUP: the config has problems; the bot goes on with the one it has')), (lines) => lines.length === 1, { what: 'the refused SIGHUP in the log' });
    await writeFile(configFile(), edited);
    const started = bot.logLines('bot started').length;
    bot.hangup();
    await waitFor(() => Promise.resolve(bot.logLines('bot started')), (lines) => lines.length === started + 1, { timeoutMs: 30_000, what: 'the bot started anew after SIGHUP' });
    expect(bot.logLines('SIGHUP: config read again')).toHaveLength(1);
  });

  test('a stranger cannot add a computer', async () => {
    const refused = await chatWith(api, privateChat(EVE)).say(EVE, `/computer add pc 127.0.0.1:${host.TKHOST_SSH_PORT}`);
    expect(textOf(refused)).toContain('only the parents set up for this bot can use it');
  });

  test('/computer add gives one line; run on the computer, the bot notices, shows the fingerprint and is trusted', async () => {
    await api.waitForCall('setMyCommands', undefined, { timeoutMs: 30_000 });
    const anna = privateChat(ANNA);
    const after = api.calls.length;
    api.sendText({ from: ANNA, chat: anna, text: `/computer add desktop ${host.TKHOST_SSH_HOST}:${host.TKHOST_SSH_PORT}` });
    const line = await nextTo(anna, (text) => text.includes('curl -fsSL'), after);
    const curl = /<code>(curl -fsSL (http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{32}\/) \| sudo sh)<\/code>/.exec(textOf(line));
    expect(curl).not.toBeNull();
    const [, command = '', url = ''] = curl ?? [];
    // Run as a parent pastes it, as root on the computer.
    const ran = await run('sh', ['-c', command], { timeout: 120_000 });
    expect(ran.stdout + ran.stderr).toMatch(/done/i);
    // The address works once: after it, the server answers 404, or has stopped listening (no other computer is being added).
    const again = await fetch(url).then((response) => String(response.status), () => 'not listening');
    expect(['404', 'not listening']).toContain(again);
    const question = await nextTo(anna, (text) => text.includes('Trust this computer?'), after, 60_000);
    const fingerprint = (await run('ssh-keygen', ['-lf', host.TKHOST_HOST_KEY_PUB])).stdout.split(' ')[1] ?? '';
    expect(fingerprint).toMatch(/^SHA256:/);
    expect(textOf(question)).toContain(fingerprint);
    const beforeTrust = api.calls.length;
    tap(ANNA, anna, question, '✅ Trust');
    const logins = await nextTo(anna, (text) => text.includes(`Who is <b>${host.TKHOST_CHILD_LOGGED_OUT}</b>`), beforeTrust, 60_000);
    trusted = true;
    const beforeChild = api.calls.length;
    tap(ANNA, anna, logins, 'Add child');
    await api.waitForCall('editMessageText', (call) => textOf(call).includes(`${host.TKHOST_CHILD_LOGGED_OUT} on desktop is`), { after: beforeChild, timeoutMs: 30_000 });
    const known = await readFile(path.join(dir, 'keys', 'known_hosts'), 'utf8');
    expect(known).toContain(`[${host.TKHOST_SSH_HOST}]:${host.TKHOST_SSH_PORT} `);
  });

  test('/status shows the child\'s real time; +15 works through the restricted key', async () => {
    expect(trusted).toBe(true);
    const anna = privateChat(ANNA);
    const name = host.TKHOST_CHILD_LOGGED_OUT.charAt(0).toUpperCase() + host.TKHOST_CHILD_LOGGED_OUT.slice(1);
    const status = await waitFor(
      async () => {
        const after = api.calls.length;
        api.sendText({ from: ANNA, chat: anna, text: '/status' });
        return nextTo(anna, (text) => text.includes(`<b>${name}</b>`), after);
      },
      (call) => /desktop: <b>(\d+h )?\d+m<\/b> left/.test(textOf(call)),
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the child\'s time in /status' },
    );
    const beforeAdd = api.calls.length;
    tap(ANNA, anna, status, '+15');
    const outcome = await api.waitForCall('editMessageText', (call) => sentTo(call, anna) && /\+15/.test(textOf(call)), { after: beforeAdd, timeoutMs: 30_000 });
    expect(textOf(outcome)).not.toMatch(/could not|failed|error/i);
  });

  test('the config file holds the computer and the child, the hand comment, and no secret', async () => {
    const text = await readFile(configFile(), 'utf8');
    expect(text).toContain(HAND_COMMENT);
    expect(text).toContain(`machines:\n  desktop:\n    host: ${host.TKHOST_SSH_HOST}\n    port: ${host.TKHOST_SSH_PORT}\n`);
    expect(text).toContain(`accounts:\n      desktop: ${host.TKHOST_CHILD_LOGGED_OUT}\n`);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/BEGIN OPENSSH PRIVATE KEY|^\s*(password|passphrase|token)\s*:/im);
  });

  test('a parent\'s command in a group that is not set up asks that parent privately; Yes adopts the group', async () => {
    const after = api.calls.length;
    api.sendText({ from: ANNA, chat: FAMILY, text: '/status' });
    const question = await nextTo(privateChat(ANNA), (text) => text.includes('“Family”'), after);
    const beforeYes = api.calls.length;
    tap(ANNA, privateChat(ANNA), question, 'Yes');
    await nextTo(FAMILY, (text) => text.includes('I work in this group now'), beforeYes);
    expect(await readFile(configFile(), 'utf8')).toContain(`chats: [${FAMILY.id}]`);
  });

  test('/join from another parent, approved with a button', async () => {
    const after = api.calls.length;
    const asked = await chatWith(api, privateChat(BEN)).say(BEN, '/join');
    expect(textOf(asked)).toContain('I asked the parents');
    const question = await nextTo(privateChat(ANNA), (text) => text.includes('sent /join'), after);
    const beforeYes = api.calls.length;
    tap(ANNA, privateChat(ANNA), question, '✅ Make parent');
    await nextTo(privateChat(BEN), (text) => text.includes('You are a parent of this bot now'), beforeYes);
    expect(await readFile(configFile(), 'utf8')).toContain(`parents: [${ANNA.id}, ${BEN.id}]`);
  });
});
