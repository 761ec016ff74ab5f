import { conversations } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, MemorySessionStorage, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Chats } from '../household/chats.ts';
import type { Translations } from '../i18n/translations.ts';
import { householdChats } from './household-chats.ts';
import type { Words } from '../i18n/words.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { retryDroppedConnection, retryFloodAndServerErrors } from './telegram/api-retry.ts';
import { authGate } from './auth.ts';
import type { BotContext } from './context.ts';
import type { FeatureDependencies, RenderWeek } from './dependencies.ts';
import { apologize } from './error-boundary.ts';
import { childOfUser } from '../household/asks.ts';
import { addFeature } from './features/add.ts';
import { askAnswersFeature } from './features/ask-answers.ts';
import { childFeature } from './features/child.ts';
import { alertButtonsFeature } from './features/alert-buttons.ts';
import { helpFeature } from './features/help.ts';
import { historyFeature } from './features/history.ts';
import { keptFeature } from './features/kept.ts';
import { reportFeature } from './features/report.ts';
import { rulesFeature } from './features/rules.ts';
import { renderWeekChart } from '../reports/week-chart.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import { renderUsageChart } from '../reports/chart.ts';
import type { RenderChart } from './report-flow.ts';
import { pauseFeature } from './features/pause.ts';
import { statusFeature } from './features/status.ts';
import { unknownButtonsFeature } from './features/unknown-buttons.ts';
import { profilesFeature } from './features/profiles.ts';
import { additionEventSender, setupDoorway, setupFeature, type Reload } from './features/setup.ts';
import type { SetupDesk } from './setup-desk.ts';
import { createStatusCache } from './status-cache.ts';
import { updateLogger } from './telegram/update-logger.ts';
import { wordsForGroups, wordsOfSender } from './words.ts';
import { Outbox } from './telegram/outbox.ts';
import type { AfterDelivery } from '../storage/outbox.ts';
import { formatAskOutcome } from './render/asks.ts';

/** How long one call to Telegram may take, in seconds: more than a long poll's 30 s. */
const API_TIMEOUT_SECONDS = 60;

export interface BotDependencies {
  readonly token: string;
  readonly config: Config;
  readonly client: TimekprClient;
  /** The children's house rules on their computers. */
  readonly rules: RulesClient;
  readonly store: Store;
  readonly logger: Logger;
  /** The words of every language the bot speaks (loaded at start). */
  readonly translations: Translations;
  /** The clock, in ms since the epoch. Default: `Date.now`. */
  readonly now?: () => number;
  /** The bot's own user, when known (tests): then `bot.init()` does not ask Telegram. */
  readonly botInfo?: UserFromGetMe;
  /** The HTTP fetch of every call to Telegram (tests answer them offline with one). Default: grammY's. */
  readonly fetch?: typeof globalThis.fetch;
  /** Extra API transformers, also installed on the Api of each conversation (tests record calls with one). */
  readonly apiTransformers?: readonly Transformer[];
  /** Draws a report's chart. Default: in this process (main.ts uses a process of its own, see reports/chart-process.ts). */
  readonly renderChart?: RenderChart;
  /** Draws the week picture of /rules. Default: in this process, as `renderChart`. */
  readonly renderWeek?: RenderWeek;
  /** Setup from the chat (/computer, /join, /reload…): what it keeps between runs, and how the config is read again. */
  readonly setup?: { readonly desk: SetupDesk; readonly reload: Reload } | undefined;
}

export interface CreatedBot {
  readonly bot: Bot<BotContext>;
  /** What the bot owes the chats; `start()` it once Telegram answers, `stop()` it last. */
  readonly outbox: Outbox;
  /** The household's port to the chats, over the outbox (for the background work). */
  readonly chats: Chats;
  /** Resolves when no update is being handled any more (for a graceful stop, after polling stopped). */
  readonly whenIdle: () => Promise<void>;
}

/**
 * Builds the bot: a per-update logger, then an error boundary around who may act and the features. Wiring only;
 * starting and stopping it is the caller's job.
 */
export function createBot(deps: BotDependencies): CreatedBot {
  const { token, config, logger } = deps;
  // A call that gets no answer in a minute has failed (grammY's default waits 500 s): long polls last 30 s.
  const client = { apiRoot: config.telegram.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS, ...(deps.fetch === undefined ? {} : { fetch: deps.fetch as never }) };
  // (grammY declares `fetch` as node-fetch's, whose types are not installed; it calls it as the standard one.)
  const bot = new Bot<BotContext>(token, { client, ...(deps.botInfo === undefined ? {} : { botInfo: deps.botInfo }) });
  const transformers = [retryFloodAndServerErrors(), retryDroppedConnection(), ...(deps.apiTransformers ?? [])];
  for (const transformer of transformers) bot.api.config.use(transformer);
  // The outbox has an Api of its own, without the flood retry: it waits out 429 and 5xx itself, within its bound, and
  // a send repeated inside one attempt could arrive more than twice.
  const outboxApi = new Api(token, client);
  for (const transformer of [retryDroppedConnection(), ...(deps.apiTransformers ?? [])]) outboxApi.config.use(transformer);
  const outbox: Outbox = new Outbox({
    api: outboxApi,
    store: deps.store.outbox,
    logger,
    deliverWithinMs: config.telegram.deliverWithinMs,
    onDelivered: noteDelivered(deps.store, config, wordsForGroups(deps.translations, config), () => outbox),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const renderChart = deps.renderChart ?? renderUsageChart;
  const chats = householdChats({ outbox, config, logger, translations: deps.translations, store: deps.store, renderChart, now: deps.now ?? Date.now });
  const features: FeatureDependencies = {
    ...deps,
    statusCache: createStatusCache(),
    now: deps.now ?? Date.now,
    outbox,
    chats,
    renderWeek: deps.renderWeek ?? renderWeekChart,
  };

  bot.use(updateLogger(logger));
  bot.use(wordsOfSender(deps.translations, config));
  // Each parent's updates in a chat are handled in order (their conversation needs that); parents and chats run
  // side by side, so one parent waiting on a slow computer never holds up another's tap.
  bot.use(sequentialize((ctx) => (ctx.chatId === undefined ? undefined : `${ctx.chatId}:${ctx.from?.id ?? ''}`)));
  const inFlight = new Set<Promise<unknown>>();
  bot.use(async (_ctx, next) => {
    const handling = Promise.resolve(next());
    inFlight.add(handling);
    try {
      await handling;
    } finally {
      inFlight.delete(handling);
    }
  });

  const guarded = bot.errorBoundary(apologize);
  const setup = deps.setup;
  if (setup !== undefined) {
    // Strangers' /join and a parent's first word in a group that is not set up, before anyone is authorised.
    guarded.use(setupDoorway({ config, outbox, translations: deps.translations, desk: setup.desk, isChild: (userId) => childOfUser(config, userId) !== undefined, now: features.now }));
    setup.desk.computers.tell = additionEventSender({ config, outbox, translations: deps.translations, desk: setup.desk, logger });
  }
  // Every update is authorised before anything acts on it: each command, each step of a conversation, each tap.
  guarded.use(authGate(config.telegram, { childIdOf: (userId) => childOfUser(config, userId)?.id, handle: childFeature(features) }));
  guarded.use(
    conversations<BotContext, BotContext>({
      storage: {
        type: 'key',
        // One conversation per parent and chat: in a group, only the parent who started /add can answer it.
        getStorageKey: (ctx) => (ctx.chatId === undefined || ctx.from === undefined ? undefined : `${ctx.chatId}:${ctx.from.id}`),
        adapter: new MemorySessionStorage(),
      },
      // A conversation's context gets an Api of its own: it needs the same transformers as the bot's.
      plugins: [
        (ctx, next) => {
          for (const transformer of transformers) ctx.api.config.use(transformer);
          return next();
        },
      ],
    }),
  );
  guarded.use(statusFeature(features), addFeature(features), alertButtonsFeature(features), askAnswersFeature(features), pauseFeature(features), keptFeature(features), historyFeature(features), rulesFeature(features), profilesFeature(features), reportFeature({ ...features, renderChart }));
  if (setup !== undefined) guarded.use(setupFeature({ ...features, desk: setup.desk, reload: setup.reload }));
  guarded.use(helpFeature(features), unknownButtonsFeature());

  // Errors outside the boundary (the logger, sequencing): logged; there is no parent context to answer.
  bot.catch(({ error, ctx }) => {
    logger.error({ err: error, updateId: ctx.update.update_id }, 'update failed');
  });
  return {
    bot,
    outbox,
    chats,
    whenIdle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Where a delivered message went, noted where it matters: the message that carries kept changes' or a request's
 * buttons. A copy of a request that arrived after the request was answered or ran out gets its outcome at once.
 */
function noteDelivered(store: Store, config: Config, groupWords: Words, outbox: () => Outbox): (after: AfterDelivery, chatId: number, messageId: number) => void {
  return (after, chatId, messageId) => {
    switch (after.kind) {
      case 'kept-buttons':
        store.kept.setMessage(after.keptIds, messageId);
        return;
      case 'ask-copy': {
        store.asks.addMessage(after.askId, { chatId, messageId });
        const ask = store.asks.get(after.askId);
        if (ask !== undefined && ask.state.kind !== 'open') {
          void outbox().edit(chatId, messageId, formatAskOutcome(groupWords, config, ask), { html: true, buttons: { inline_keyboard: [] } });
        }
        return;
      }
    }
  };
}
