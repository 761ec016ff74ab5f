import { rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { run } from '@grammyjs/runner';
import type { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { createClaimBot } from './bot/claim-bot.ts';
import { ClaimDesk, type ClaimCode } from './household/claim.ts';
import { apiRootOf } from './config/env.ts';
import { createConfigFile, firstConfigText } from './config/write-file.ts';
import type { ConfigError } from './config/types.ts';
import type { Env } from './lib/env.ts';
import { err, ok, type Result } from './lib/result.ts';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import { SetupDesk } from './bot/setup-desk.ts';
import { ComputerSetup } from './household/computer-setup.ts';
import { createSetupServer, defaultSetupUrl, parseListen } from './household/setup-server.ts';
import { buildSetupScript, SETUP_SCRIPT_FILE } from './ssh/setup-script.ts';
import { HELPER_FILE } from './timekpr/helper/program.ts';
import { publicKeyLineOf } from './ssh/keys.ts';
import { firstContact } from './ssh/first-contact.ts';
import { ensureOwnKey } from './ssh/own-key.ts';
import type { Translations } from './i18n/translations.ts';
import { DEFAULT_LANGUAGE, spokenLanguage } from './i18n/languages.ts';
import { reportInterruptedChanges } from './household/interrupted.ts';
import { createBot } from './bot/create-bot.ts';
import { lastSeenObserver } from './household/last-seen.ts';
import { startBackground } from './household/background.ts';
import { Scheduler } from './lib/scheduler.ts';
import { botClock, isTestClock } from './lib/clock.ts';
import { botCommands } from './bot/render/help.ts';
import { wordsForGroups } from './bot/words.ts';
import { LANGUAGES } from './i18n/languages.ts';
import { loadTranslations } from './i18n/translations.ts';
import { apiSignal, waitForTelegram } from './bot/telegram/first-contact.ts';
import { environmentWithDotEnv } from './config/env.ts';
import { loadSetup, type Setup } from './cli/setup.ts';
import { formatConfigError } from './config/types.ts';
import { heartbeatFile } from './lib/heartbeat.ts';
import { createLogger } from './lib/logger.ts';
import { SshPool } from './ssh/pool.ts';
import { openDatabase } from './storage/database.ts';
import { Store } from './storage/store.ts';
import { createMachineClients } from './timekpr/backend.ts';
import { loadHelperProgram } from './timekpr/helper/program.ts';
import { messageOf } from './lib/errors.ts';
import { createChartRenderer } from './reports/chart-process.ts';
import { usageRecorder } from './reports/recorder.ts';
import { observeAnswers, observeRuleAnswers } from './timekpr/observed.ts';

const USAGE = 'Usage: npm start -- [--config <file>]';

/** The bot's own SSH key, in its data folder beside the config (made at the first start, never overwritten). */
const OWN_KEY = 'data/timekpr-bot_ed25519';

/** What one run of the household ended with: stopped for good (exit code), or a config read again to run with. */
type RunOutcome = { readonly kind: 'stopped'; readonly code: number } | { readonly kind: 'reload'; readonly next: Setup };

/** What every run shares: the process's settings, words, log, and how to reach Telegram. */
interface Process {
  readonly configPath: string;
  readonly env: Env;
  readonly token: string;
  readonly translations: Translations;
  readonly logger: Logger;
  readonly stop: AbortSignal;
  /** SIGHUP: read the config again (bound by the run in progress). */
  readonly hangup: { onHangup: () => void };
  /** Setup from the chat: what it keeps from one run to the next. */
  readonly desk: SetupDesk;
  /** The config and secrets of the run in progress (the setup server and the watch of a computer being added read them). */
  readonly current: { setup: Setup | undefined };
}

/**
 * `npm start`: checks the setup, waits for Telegram if it cannot be reached yet, then runs the bot until `stop` is
 * aborted (SIGTERM/SIGINT). Setup problems end it with one clear line. With no config file yet, the bot first waits
 * for its first parent to claim it (`/claim` and the code it prints), writes the config, and goes on from there. A
 * changed config (`/reload`, SIGHUP, or a change made from the chat) is read again and the household starts anew with
 * it, in the same process; a config that does not load leaves the running one in place.
 */
async function main(argv: readonly string[], stop: AbortSignal, hangup: { onHangup: () => void }): Promise<number> {
  const fail = (message: string, code = 2) => {
    process.stderr.write(`${message}\n`);
    return code;
  };
  let configPath: string;
  try {
    configPath = parseArgs({ args: [...argv], options: { config: { type: 'string', default: 'config.yaml' } } }).values.config;
  } catch (cause) {
    return fail(`${messageOf(cause)}\n${USAGE}`);
  }
  const environment = await environmentWithDotEnv(path.resolve('.env'), process.env);
  if (!environment.ok) return fail(environment.error);
  const env = environment.value;
  const unclaimed = await isMissing(configPath);
  const loaded = unclaimed ? undefined : await loadSetup(configPath, env);
  if (loaded !== undefined && !loaded.ok) return fail(['The config has problems; the bot did not start:', ...loaded.error.map((e) => `  ${formatConfigError(e)}`)].join('\n'));
  const token = env['BOT_TOKEN']?.trim() ?? '';
  if (token === '') return fail('BOT_TOKEN is not set: put BOT_TOKEN=<the token from @BotFather> into .env or the environment.');
  const loadedTranslations = loadTranslations();
  if (!loadedTranslations.ok) return fail(['The bot did not start: its language files have problems:', ...loadedTranslations.error.map((problem) => `  ${problem}`)].join('\n'));
  // Readable lines on a terminal (or with LOG_FORMAT=pretty), JSON lines otherwise (LOG_FORMAT=json forces them).
  const pretty = env['LOG_FORMAT'] === 'pretty' || (env['LOG_FORMAT'] !== 'json' && process.stderr.isTTY);
  const logger = createLogger({ level: env['LOG_LEVEL'] ?? 'info', pretty });
  const current: { setup: Setup | undefined } = { setup: undefined };
  const desk = createSetupDesk(configPath, env, logger, current);
  if (!desk.ok) return fail(`The bot did not start: ${desk.error}`);
  const shared: Process = { configPath, env, token, translations: loadedTranslations.value, logger, stop, hangup, desk: desk.value, current };
  try {
    return await runUntilStopped(shared, loaded);
  } finally {
    await desk.value.computers.close();
  }
}

/** Waits for the first parent when there is no config, then runs the household, anew after each change of the config. */
async function runUntilStopped(shared: Process, first: Result<Setup, ConfigError[]> | undefined): Promise<number> {
  const { configPath, env, logger } = shared;
  let loaded = first;

  // The healthcheck (src/cli/health.ts) reads this file's age: it is touched after every successful poll. One left
  // by an earlier run is removed, so the bot counts as unhealthy until it reaches Telegram.
  await rm(heartbeatFile(env), { force: true });

  if (loaded === undefined) {
    const claimed = await waitForFirstParent(shared);
    if (claimed.kind === 'stopped') return claimed.code;
    loaded = await loadSetup(configPath, env);
  }
  if (!loaded.ok) {
    process.stderr.write(['The config has problems; the bot did not start:', ...loaded.error.map((e) => `  ${formatConfigError(e)}`)].join('\n') + '\n');
    return 2;
  }
  let setup = loaded.value;
  let botInfo: UserFromGetMe | undefined;
  for (;;) {
    shared.current.setup = setup;
    const outcome = await runHousehold(shared, setup, botInfo, (me) => (botInfo = me));
    if (outcome.kind === 'stopped') return outcome.code;
    setup = outcome.next;
    logger.info({ machines: setup.config.machines.size, children: setup.config.children.size }, 'config read again: starting with it');
  }
}

/**
 * Setup from the chat, for the whole process: the setup server (SETUP_LISTEN, listening only while a computer is
 * being added), the address put in the line (SETUP_URL, else this machine's LAN address), the bot's own key.
 */
function createSetupDesk(configPath: string, env: Env, logger: Logger, current: { setup: Setup | undefined }): Result<SetupDesk, string> {
  const listen = parseListen(env['SETUP_LISTEN']);
  if (!listen.ok) return err(listen.error);
  const configFile = path.resolve(configPath);
  const url = env['SETUP_URL']?.trim() || defaultSetupUrl(listen.value.port, os.networkInterfaces());
  const setupUrl = typeof url === 'string' ? url : url.ok ? url.value : '';
  if (typeof url !== 'string' && !url.ok) logger.warn(url.error);
  const machineOf = (machineId: string) => {
    const setup = current.setup;
    const machine = setup?.config.machines.get(machineId);
    const secrets = setup?.credentials.get(machineId);
    return machine === undefined || secrets?.privateKey === undefined ? undefined : { machine, privateKey: secrets.privateKey, passphrase: secrets.passphrase };
  };
  const computers = new ComputerSetup({
    server: (links, onServed) =>
      createSetupServer({
        listen: listen.value,
        links,
        onServed,
        logger,
        scriptFor: async (machineId) => {
          const found = machineOf(machineId);
          const publicKeyLine = found === undefined ? undefined : publicKeyLineOf(found.privateKey, found.passphrase);
          if (found === undefined || publicKeyLine === undefined) return err(`no key for ${machineId} in the config`);
          return buildSetupScript({ setupScript: await readFile(SETUP_SCRIPT_FILE, 'utf8'), helper: await readFile(HELPER_FILE, 'utf8'), publicKeyLine, user: found.machine.user });
        },
      }),
    targetOf: (machineId) => {
      const found = machineOf(machineId);
      if (found === undefined) return Promise.resolve(err(`no key for ${machineId} in the config`));
      const { machine, privateKey } = found;
      return Promise.resolve(ok({ host: machine.host, port: machine.port, user: machine.user, privateKey, timeoutMs: machine.connectTimeoutMs }));
    },
    firstContact,
    logger,
  });
  return ok(new SetupDesk({ computers, configFile, ownKeyFile: path.join(path.dirname(configFile), OWN_KEY), setupUrl }));
}

/** Whether the config file is not there yet: then the bot waits to be claimed (an unreadable one is loadConfig's to explain). */
async function isMissing(configPath: string): Promise<boolean> {
  try {
    await stat(configPath);
    return false;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * No config yet: makes the bot's own SSH key, prints a claim code on the console, and answers nobody but `/claim` in
 * a private chat. The first right code writes the config with its sender as the first parent.
 */
async function waitForFirstParent(shared: Process): Promise<{ readonly kind: 'claimed' } | { readonly kind: 'stopped'; readonly code: number }> {
  const { configPath, env, logger, stop } = shared;
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    return { kind: 'stopped', code: 2 } as const;
  };
  const configDir = path.dirname(path.resolve(configPath));
  const key = await ensureOwnKey(path.join(configDir, OWN_KEY));
  if (!key.ok) return fail(`The bot did not start: ${key.error}`);
  if (key.value.created) logger.info({ file: key.value.file }, 'made the bot\'s own SSH key');
  const apiRoot = apiRootOf(env);
  if (!apiRoot.ok) return fail(`The bot did not start: ${formatConfigError(apiRoot.error)}`);
  const defaultLanguage = spokenLanguage(env['LANG']) ?? DEFAULT_LANGUAGE;
  const done = new AbortController();
  let announce: (code: ClaimCode) => void = () => undefined;
  const claim = new ClaimDesk((code) => announce(code));
  const bot = createClaimBot({
    token: shared.token,
    apiRoot: apiRoot.value,
    translations: shared.translations,
    language: defaultLanguage,
    logger,
    claim,
    becomeParent: async (user) => {
      const created = await createConfigFile(path.resolve(configPath), firstConfigText({ parentId: user.id, language: user.language, privateKeyFile: `./${OWN_KEY}` }));
      if (created.ok) return created;
      return err(created.error.kind === 'exists' ? `${configPath} was created meanwhile by someone else` : created.error.message);
    },
    claimed: () => done.abort('claimed'),
  });
  const contact = await waitForTelegram((signal) => bot.api.getMe(apiSignal(signal)), { signal: stop, logger, apiRoot: apiRoot.value });
  if (contact.kind === 'stopped') return { kind: 'stopped', code: 0 };
  if (contact.kind === 'rejected') return fail(`Telegram rejected BOT_TOKEN (${contact.code}: ${contact.description}): copy the token from @BotFather again.`);
  bot.botInfo = contact.me;
  let shown: ClaimCode | undefined;
  announce = (code) => {
    if (code === shown) return;
    shown = code;
    const minutes = Math.round((code.expiresAt - Date.now()) / 60_000);
    process.stdout.write(`Send /claim ${code.code} to @${contact.me.username} within ${minutes} minutes to become its first parent.\n`);
  };
  // The code made while Telegram was awaited (or a new one, if that one ran out meanwhile), shown once.
  announce(claim.current);
  logger.info({ bot: contact.me.username, config: configPath }, 'no config yet: waiting for the first parent to claim the bot (the code is on the console)');
  // A code that runs out unused is replaced (and printed) without waiting for someone to try it.
  const renew = setInterval(() => void claim.current, 30_000);
  const heartbeat = heartbeatFile(env);
  await writeFile(heartbeat, '');
  touchHeartbeatOnPoll(bot.api, heartbeat);
  const runner = run(bot, { runner: { fetch: { allowed_updates: ['message'] }, retryInterval: 5000, silent: true } });
  const ended = AbortSignal.any([stop, done.signal]);
  await new Promise<void>((resolve) => {
    if (ended.aborted) resolve();
    else ended.addEventListener('abort', () => resolve(), { once: true });
    void runner.task()?.then(resolve, resolve);
  });
  clearInterval(renew);
  if (runner.isRunning()) await runner.stop();
  if (done.signal.aborted) return { kind: 'claimed' };
  return { kind: 'stopped', code: stop.aborted ? 0 : 1 };
}

/** Touches the heartbeat file after every successful poll (the healthcheck reads its age). */
function touchHeartbeatOnPoll(api: Api, heartbeat: string, polled: () => void = () => undefined): void {
  api.config.use(async (previous, method, payload, signal) => {
    const response = await previous(method, payload, signal);
    if (method === 'getUpdates' && response.ok) {
      const now = new Date();
      await utimes(heartbeat, now, now).catch(() => undefined);
      polled();
    }
    return response;
  });
}

/**
 * One run of the household with one config: the bot, its background work, its connections. It ends when the process
 * is asked to stop, or when the config was read again and is good (`reload`): then the next run starts with it.
 */
async function runHousehold(shared: Process, setup: Setup, knownBot: UserFromGetMe | undefined, metBot: (me: UserFromGetMe) => void): Promise<RunOutcome> {
  const { env, token, translations, logger, stop } = shared;
  const { config, credentials } = setup;
  const stopped = (code: number): RunOutcome => ({ kind: 'stopped', code });
  const database = openDatabase(config.storagePath);
  if (!database.ok) {
    process.stderr.write(`The bot did not start: ${database.error}\n`);
    return stopped(2);
  }
  const store = new Store(database.value);
  store.prune();
  const pool = new SshPool({ machines: config.machines, credentials, logger });
  const machineClients = createMachineClients({ machines: config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger });
  // Every answer from a computer is heard here, once: it is noted (/status says since when one that is off now was
  // last on), it records the children's time used that day (/report, the digest), and changes kept for it while it
  // was off are applied (by the background work, bound once it runs).
  const keptChanges: { onAnswer: (machineId: string) => void } = { onAnswer: () => undefined };
  // The real clock (tests may start it elsewhere: TKBOT_TEST_CLOCK).
  const now = botClock(env);
  const observers = [lastSeenObserver(config, store, now), usageRecorder(config, store.usage, now), { answered: (machineId: string) => keptChanges.onAnswer(machineId) }];
  const client = observeAnswers(machineClients, observers);
  const rules = observeRuleAnswers(machineClients, observers);
  // Charts are drawn in a process of their own that ends when idle: the bot stays small between reports.
  const charts = createChartRenderer();
  // A new config asked for (/reload, SIGHUP): read and checked first; only a good one ends this run for the next.
  const reloading = new AbortController();
  let next: Setup | undefined;
  const reload = async (): Promise<Result<Setup, ConfigError[]>> => {
    const read = await loadSetup(shared.configPath, env);
    if (!read.ok) return read;
    next = read.value;
    // The setup server and the watch of a computer being added use it at once (the parent may run the line at once).
    shared.current.setup = read.value;
    reloading.abort('reload');
    return read;
  };
  shared.hangup.onHangup = () => {
    void reload().then((read) => {
      if (read.ok) logger.info('SIGHUP: config read again');
      else logger.error({ problems: read.error.map(formatConfigError) }, 'SIGHUP: the config has problems; the bot goes on with the one it has');
    });
  };
  const { bot, outbox, chats, whenIdle } = createBot({
    token,
    config,
    client,
    rules,
    store,
    logger,
    translations,
    renderChart: charts.render,
    renderWeek: charts.renderWeek,
    now,
    setup: { desk: shared.desk, reload },
    ...(knownBot === undefined ? {} : { botInfo: knownBot }),
  });
  const closeAll = async () => {
    charts.close();
    machineClients.close();
    await pool.close();
    store.close();
  };

  // After a power cut the home server often boots before the router has internet: wait for Telegram, however long.
  if (knownBot === undefined) {
    const contact = await waitForTelegram((signal) => bot.api.getMe(apiSignal(signal)), { signal: stop, logger, apiRoot: config.telegram.apiRoot });
    if (contact.kind !== 'ready') {
      await closeAll();
      if (contact.kind === 'stopped') return stopped(0);
      process.stderr.write(`Telegram rejected BOT_TOKEN (${contact.code}: ${contact.description}): copy the token from @BotFather again.\n`);
      return stopped(2);
    }
    bot.botInfo = contact.me;
    metBot(contact.me);
  }
  try {
    // The menu in each language the bot speaks; anyone else sees it in telegram.language.
    await bot.api.setMyCommands(botCommands(wordsForGroups(translations, config)), {}, apiSignal(stop));
    for (const language of LANGUAGES) await bot.api.setMyCommands(botCommands(translations.wordsFor(language)), { language_code: language }, apiSignal(stop));
  } catch (error) {
    // The menu of commands is a convenience: the bot works without it.
    logger.warn({ err: error }, 'could not register the commands menu');
  }

  // What an earlier run still owed the chats is delivered first, in order.
  outbox.start();
  await reportInterruptedChanges({ client, config, store, logger, chats });

  const heartbeat = heartbeatFile(env);
  await writeFile(heartbeat, '');
  // Telegram answers: what waits for it is sent now, not at its next try.
  touchHeartbeatOnPoll(bot.api, heartbeat, () => outbox.retryNow());

  // Pending updates are kept: a tap made while the bot was down still counts. A failed poll is retried every 5 s.
  const runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] }, retryInterval: 5000, silent: true } });
  // Everything timed runs in one scheduler: started here, stopped first on the way out.
  const scheduler = new Scheduler(logger);
  const background = startBackground({
    scheduler,
    chats,
    client,
    rules,
    events: machineClients,
    config,
    store,
    logger,
    now,
    reportTickMs: reportTickMs(env),
  });
  keptChanges.onAnswer = background.onAnswer;
  scheduler.start();
  logger.info({ bot: bot.botInfo.username, machines: config.machines.size, children: config.children.size, database: config.storagePath }, 'bot started');
  if (isTestClock(env)) logger.warn({ now: new Date(now()).toISOString() }, 'TKBOT_TEST_CLOCK moves the bot\'s clock: for tests only');

  const ending = AbortSignal.any([stop, reloading.signal]);
  const asked = new Promise<string>((resolve) => {
    if (ending.aborted) resolve(String(ending.reason));
    else ending.addEventListener('abort', () => resolve(String(ending.reason)), { once: true });
  });
  // The runner ends on its own only when Telegram refuses the bot for good (token revoked, another instance running).
  const ended = (runner.task() ?? Promise.resolve()).then(
    () => ({ reason: 'polling ended', error: undefined }),
    (error: unknown) => ({ reason: 'polling failed', error: messageOf(error) }),
  );
  const outcome = await Promise.race([asked.then((reason) => ({ reason, error: undefined })), ended]);
  if (outcome.error === undefined) logger.info({ reason: outcome.reason }, 'stopping: finishing running commands');
  else logger.fatal({ reason: outcome.reason, err: outcome.error }, 'stopping: Telegram no longer answers the bot');
  shared.hangup.onHangup = () => logger.info('SIGHUP while stopping: ignored');
  // A computer being added that answers now is told to the next run's chats.
  shared.desk.computers.detach();

  // Stop taking updates and alerts, let the ones in hand finish, then close the connections and the database. While
  // Telegram is away, sends could hold that up: after 3 s the outbox stops trying (what it owes stays for the next
  // start), so the bot ends within a few seconds however the network is.
  const outboxStopping = setTimeout(() => void outbox.stop(), 3000);
  await scheduler.stop();
  await background.stop();
  if (runner.isRunning()) await runner.stop();
  await whenIdle();
  // Last: what the stop cut short stays owed, for the next start.
  clearTimeout(outboxStopping);
  await outbox.stop();
  await closeAll();
  if (outcome.error !== undefined) return stopped(1);
  if (next !== undefined && !stop.aborted) return { kind: 'reload', next };
  logger.info('stopped');
  return stopped(0);
}

/** How often the timed jobs (reports, the end of exceptions, profile differences) look at the clock; `TKBOT_REPORT_TICK_MS` shortens it for tests (default 30 s). */
function reportTickMs(env: Readonly<Record<string, string | undefined>>): number {
  const ms = Number(env['TKBOT_REPORT_TICK_MS']);
  return Number.isInteger(ms) && ms >= 100 ? ms : 30_000;
}

// Signals are handled from the first moment, also while the bot waits for Telegram (in a container the bot may be
// PID 1, which has no default handlers). A second signal while stopping ends the process at once.
const stopping = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping.signal.aborted) process.exit(1);
    stopping.abort(signal);
  });
}
// SIGHUP reads the config again (without a handler it would end the process).
const hangup = { onHangup: () => undefined as void };
process.on('SIGHUP', () => hangup.onHangup());
process.exitCode = await main(process.argv.slice(2), stopping.signal, hangup);
