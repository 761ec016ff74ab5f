import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { run } from '@grammyjs/runner';
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
import { loadSetup } from './cli/setup.ts';
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

/**
 * `npm start`: checks the setup, waits for Telegram if it cannot be reached yet, then runs the bot until `stop` is
 * aborted (SIGTERM/SIGINT). Setup problems end it with one clear line.
 */
async function main(argv: readonly string[], stop: AbortSignal): Promise<number> {
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
  const loaded = await loadSetup(configPath, env);
  if (!loaded.ok) return fail(['The config has problems; the bot did not start:', ...loaded.error.map((e) => `  ${formatConfigError(e)}`)].join('\n'));
  const token = env['BOT_TOKEN']?.trim() ?? '';
  if (token === '') return fail('BOT_TOKEN is not set: put BOT_TOKEN=<the token from @BotFather> into .env or the environment.');

  const { config, credentials } = loaded.value;
  const loadedTranslations = loadTranslations();
  if (!loadedTranslations.ok) return fail(['The bot did not start: its language files have problems:', ...loadedTranslations.error.map((problem) => `  ${problem}`)].join('\n'));
  const translations = loadedTranslations.value;
  const database = openDatabase(config.storagePath);
  if (!database.ok) return fail(`The bot did not start: ${database.error}`);
  const store = new Store(database.value);
  store.prune();
  // Readable lines on a terminal (or with LOG_FORMAT=pretty), JSON lines otherwise (LOG_FORMAT=json forces them).
  const pretty = env['LOG_FORMAT'] === 'pretty' || (env['LOG_FORMAT'] !== 'json' && process.stderr.isTTY);
  const logger = createLogger({ level: env['LOG_LEVEL'] ?? 'info', pretty });
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
  });
  const closeAll = async () => {
    charts.close();
    machineClients.close();
    await pool.close();
    store.close();
  };

  // The healthcheck (src/cli/health.ts) reads this file's age: it is touched after every successful poll. One left
  // by an earlier run is removed, so the bot counts as unhealthy until it reaches Telegram.
  const heartbeat = heartbeatFile(env);
  await rm(heartbeat, { force: true });

  // After a power cut the home server often boots before the router has internet: wait for Telegram, however long.
  const contact = await waitForTelegram((signal) => bot.api.getMe(apiSignal(signal)), { signal: stop, logger, apiRoot: config.telegram.apiRoot });
  if (contact.kind !== 'ready') {
    await closeAll();
    if (contact.kind === 'stopped') return 0;
    return fail(`Telegram rejected BOT_TOKEN (${contact.code}: ${contact.description}): copy the token from @BotFather again.`);
  }
  bot.botInfo = contact.me;
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

  await writeFile(heartbeat, '');
  bot.api.config.use(async (previous, method, payload, signal) => {
    const response = await previous(method, payload, signal);
    if (method === 'getUpdates' && response.ok) {
      const now = new Date();
      await utimes(heartbeat, now, now).catch(() => undefined);
      // Telegram answers: what waits for it is sent now, not at its next try.
      outbox.retryNow();
    }
    return response;
  });

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

  const stopped = new Promise<string>((resolve) => {
    if (stop.aborted) resolve(String(stop.reason));
    else stop.addEventListener('abort', () => resolve(String(stop.reason)), { once: true });
  });
  // The runner ends on its own only when Telegram refuses the bot for good (token revoked, another instance running).
  const ended = (runner.task() ?? Promise.resolve()).then(
    () => ({ reason: 'polling ended', error: undefined }),
    (error: unknown) => ({ reason: 'polling failed', error: messageOf(error) }),
  );
  const outcome = await Promise.race([stopped.then((signal) => ({ reason: signal, error: undefined })), ended]);
  if (outcome.error === undefined) logger.info({ reason: outcome.reason }, 'stopping: finishing running commands');
  else logger.fatal({ reason: outcome.reason, err: outcome.error }, 'stopping: Telegram no longer answers the bot');

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
  logger.info('stopped');
  return outcome.error === undefined ? 0 : 1;
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
process.exitCode = await main(process.argv.slice(2), stopping.signal);
