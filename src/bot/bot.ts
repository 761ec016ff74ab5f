import { autoRetry } from '@grammyjs/auto-retry';
import { conversations, createConversation, type ConversationFlavor } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError, MemorySessionStorage, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { assertNever } from '../lib/result.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { parseAddArguments } from './add-command.ts';
import { GUIDED_ADD_ID, guidedAddConversation, isGuidedAddData } from './add-conversation.ts';
import { announce } from './alerts.ts';
import { answerQuietly } from './answer.ts';
import { actorOf, applyOnce, outcomeLines, rereadUnknown, type ApplyDependencies } from './apply.ts';
import { authorize } from './auth.ts';
import { checkButtonAction, decodeButtonAction } from './callback-data.ts';
import { escapeHtml, formatMinutes, formatStatus, HELP_TEXT } from './format.ts';
import { formatHistory, historyStart, parseHistoryArguments } from './history.ts';
import { statusKeyboard } from './keyboard.ts';
import { readStatus, withChange, type StatusSnapshot } from './status.ts';

export type BotContext = ConversationFlavor<Context>;

export interface BotDependencies {
  readonly token: string;
  readonly config: Config;
  readonly client: TimekprClient;
  readonly store: Store;
  readonly logger: Logger;
}

/** The commands shown in Telegram's menu (setMyCommands) and explained by /help. */
export const BOT_COMMANDS = [
  { command: 'status', description: "Every child's time left, with buttons" },
  { command: 'add', description: 'Add or take away time: /add mia 15 [computer]' },
  { command: 'history', description: "Today's changes and alerts: /history [child] [days]" },
  { command: 'cancel', description: 'Stop a step-by-step /add' },
  { command: 'help', description: 'What this bot can do' },
] as const;

/** How long a step-by-step /add waits for the next tap before it ends. */
const GUIDED_ADD_TIMEOUT_MS = 5 * 60_000;
/** Status snapshots kept per message, so a tap re-reads only the account it changed. */
const SNAPSHOT_CACHE_SIZE = 200;
/** Older than this, the other figures of a status message are read again on a tap. */
const SNAPSHOT_MAX_AGE_MS = 60_000;

export interface CreatedBot {
  readonly bot: Bot<BotContext>;
  /** Resolves when no update is being handled any more (for a graceful stop, after polling stopped). */
  readonly whenIdle: () => Promise<void>;
}

/** Builds the bot: who may act, the commands, the buttons. Starting and stopping it is the caller's job. */
export function createBot({ token, config, client, store, logger }: BotDependencies): CreatedBot {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: config.telegram.apiRoot } });
  bot.api.config.use(retryFloodAndServerErrors());
  const deps: ApplyDependencies = { client, config, store, logger };
  const inFlight = new Set<Promise<unknown>>();
  const snapshots = new Map<string, { snapshot: StatusSnapshot; readAt: number }>();
  const remember = (chatId: number, messageId: number, snapshot: StatusSnapshot) => {
    const key = `${chatId}:${messageId}`;
    snapshots.delete(key);
    snapshots.set(key, { snapshot, readAt: Date.now() });
    for (const oldest of snapshots.keys()) {
      if (snapshots.size <= SNAPSHOT_CACHE_SIZE) break;
      snapshots.delete(oldest);
    }
  };
  /** Changes made in a private chat are told to the group chats, so the other parent knows. */
  const announceIfPrivate = (ctx: Context, lines: readonly string[]) =>
    ctx.chat?.type === 'private' ? announce(ctx.api, config, logger, lines.map((line) => `📣 ${line}`)) : Promise.resolve();

  // Each parent's updates in a chat are handled in order (their conversation needs that); parents and chats run
  // side by side, so one parent waiting on a slow computer never holds up another's tap.
  bot.use(sequentialize((ctx) => (ctx.chatId === undefined ? undefined : `${ctx.chatId}:${ctx.from?.id ?? ''}`)));
  bot.use(async (_ctx, next) => {
    const handling = Promise.resolve(next());
    inFlight.add(handling);
    try {
      await handling;
    } finally {
      inFlight.delete(handling);
    }
  });

  // Every update is authorised here before anything acts on it: each command, each step of a conversation, each tap.
  bot.use(async (ctx, next) => {
    const verdict = authorize(config.telegram, ctx.from, ctx.chat);
    if (verdict.allowed) return next();
    logger.warn({ user: ctx.from?.id, chat: ctx.chat?.id, reason: verdict.reason }, 'refused');
    if (ctx.callbackQuery !== undefined) {
      await answerQuietly(ctx, { text: verdict.reply, show_alert: true });
    } else if (ctx.chat?.type === 'private' || ctx.message?.text?.startsWith('/') === true) {
      await ctx.reply(verdict.reply);
    }
  });

  bot.use(
    conversations<BotContext, BotContext>({
      storage: {
        type: 'key',
        // One conversation per parent and chat: in a group, only the parent who started /add can answer it.
        getStorageKey: (ctx) => (ctx.chatId === undefined || ctx.from === undefined ? undefined : `${ctx.chatId}:${ctx.from.id}`),
        adapter: new MemorySessionStorage(),
      },
      // A conversation's context gets an Api of its own: it needs the same retries as the bot's.
      plugins: [
        (ctx, next) => {
          ctx.api.config.use(retryFloodAndServerErrors());
          return next();
        },
      ],
    }),
  );
  bot.use(createConversation(guidedAddConversation(deps, announceIfPrivate), { id: GUIDED_ADD_ID, maxMillisecondsToWait: GUIDED_ADD_TIMEOUT_MS }));

  const sendStatus = async (ctx: BotContext) => {
    const started = performance.now();
    const snapshot = await readStatus(client, config);
    const message = await ctx.reply(formatStatus(config, snapshot), { parse_mode: 'HTML', reply_markup: statusKeyboard(config) });
    remember(message.chat.id, message.message_id, snapshot);
    logger.info({ user: ctx.from?.id, action: 'status', durationMs: Math.round(performance.now() - started) }, 'status sent');
  };

  bot.command(['start', 'status'], sendStatus);
  bot.command('help', (ctx) => ctx.reply(HELP_TEXT, { parse_mode: 'HTML' }));
  bot.command('cancel', (ctx) => ctx.reply('There is nothing to cancel.'));

  bot.command('history', async (ctx) => {
    const request = parseHistoryArguments(config, ctx.match);
    if (!request.ok) {
      await ctx.reply(request.error);
      return;
    }
    const entries = store.history(historyStart(new Date(), request.value.days), request.value.childId);
    await ctx.reply(formatHistory(config, request.value, entries), { parse_mode: 'HTML' });
  });

  bot.command('add', async (ctx) => {
    if (ctx.match.trim() === '') {
      // A new /add replaces this parent's unfinished one.
      await ctx.conversation.exit(GUIDED_ADD_ID);
      await ctx.conversation.enter(GUIDED_ADD_ID);
      return;
    }
    const request = parseAddArguments(config, ctx.match);
    if (!request.ok) {
      await ctx.reply(request.error);
      return;
    }
    const actor = actorOf(ctx);
    const { child, minutes, machineIds } = request.value;
    const requests = machineIds.map((machineId) => ({ childId: child.id, machineId, minutes }));
    const outcome = await applyOnce(deps, actor, { updateId: ctx.update.update_id }, requests, ctx.chat.id);
    const lines = outcomeLines(config, actor, outcome);
    await ctx.reply([...lines, ...(await rereadUnknown(deps, outcome))].join('\n'), { parse_mode: 'HTML' });
    if (outcome.kind === 'applied') await announceIfPrivate(ctx, lines);
  });

  bot.on('callback_query:data', async (ctx) => {
    const data = ctx.callbackQuery.data;
    if (isGuidedAddData(data)) {
      await answerQuietly(ctx, { text: 'This step-by-step /add is not yours or has ended. Start your own with /add.' });
      return;
    }
    const decoded = decodeButtonAction(data);
    const action = decoded.ok ? checkButtonAction(decoded.value, config) : decoded;
    const message = ctx.callbackQuery.message;
    if (!action.ok || message === undefined) {
      logger.warn({ user: ctx.from.id, data: data.slice(0, 64) }, 'refused button');
      await answerQuietly(ctx, { text: action.ok ? 'This message is too old. Use /status.' : action.error === 'malformed' ? 'This button is not valid.' : action.error });
      return;
    }
    const chatId = message.chat.id;
    const messageId = message.message_id;
    const actor = actorOf(ctx);
    const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery.id };
    const showStatus = async (snapshot: StatusSnapshot, footer: readonly string[]) => {
      remember(chatId, messageId, snapshot);
      await editIgnoringUnchanged(ctx, chatId, messageId, formatStatus(config, snapshot, footer), { reply_markup: statusKeyboard(config) });
    };
    const alertText = 'text' in message && typeof message.text === 'string' ? message.text : '';

    switch (action.value.kind) {
      case 'label':
        await answerQuietly(ctx, { text: 'Tap an amount in the row below.' });
        return;
      case 'refresh': {
        await answerQuietly(ctx, { text: 'Refreshing…' });
        const started = performance.now();
        await showStatus(await readStatus(client, config), []);
        logger.info({ user: actor.id, action: 'refresh', durationMs: Math.round(performance.now() - started) }, 'status refreshed');
        return;
      }
      case 'add': {
        const { childId, machineId, minutes } = action.value;
        const childName = config.children.get(childId)?.name ?? childId;
        await answerQuietly(ctx, { text: `${formatMinutes(minutes)} for ${childName} on ${machineId}…` });
        const outcome = await applyOnce(deps, actor, update, [{ childId, machineId, minutes }], chatId);
        const lines = outcomeLines(config, actor, outcome);
        const cached = snapshots.get(`${chatId}:${messageId}`);
        const result = outcome.kind === 'applied' ? outcome.results[0]?.result : undefined;
        // A tap costs one change plus one re-read of that account; the rest of a recent message stays as last read.
        // Everything is read again when the message is old, or the change's outcome is not certain.
        const fresh = cached !== undefined && Date.now() - cached.readAt < SNAPSHOT_MAX_AGE_MS;
        const updated = fresh && result !== undefined ? withChange(cached.snapshot, childId, machineId, result) : undefined;
        const snapshot = updated ?? (await readStatus(client, config));
        await showStatus(snapshot, lines);
        if (outcome.kind === 'applied') await announceIfPrivate(ctx, lines);
        return;
      }
      case 'alert-add': {
        const { childId, machineId, minutes } = action.value;
        await answerQuietly(ctx, { text: `${formatMinutes(minutes)}…` });
        const outcome = await applyOnce(deps, actor, update, [{ childId, machineId, minutes }], chatId);
        const lines = [escapeHtml(alertText), ...outcomeLines(config, actor, outcome), ...(await rereadUnknown(deps, outcome))];
        await editIgnoringUnchanged(ctx, chatId, messageId, lines.join('\n'), {});
        return;
      }
      case 'dismiss':
        await answerQuietly(ctx, { text: 'Time will run out.' });
        await editIgnoringUnchanged(ctx, chatId, messageId, `${escapeHtml(alertText)}\n${escapeHtml(actor.name)} let it end.`, {});
        return;
      default:
        assertNever(action.value);
    }
  });

  bot.catch(({ error, ctx }) => {
    logger.error({ err: error instanceof Error ? { message: error.message, name: error.name } : String(error), update: ctx.update.update_id }, 'update failed');
  });
  return {
    bot,
    whenIdle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Telegram's flood limits (429) and its own hiccups (5xx) are waited out and retried; a network error is not, so
 * that an unreachable Telegram is reported instead of retried for hours.
 */
function retryFloodAndServerErrors() {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true });
}

/** Edits a message; "message is not modified" (a refresh that changed nothing) is not an error. */
async function editIgnoringUnchanged(ctx: Context, chatId: number, messageId: number, text: string, extra: { reply_markup?: ReturnType<typeof statusKeyboard> }): Promise<void> {
  try {
    await ctx.api.editMessageText(chatId, messageId, text, { parse_mode: 'HTML', ...extra });
  } catch (error) {
    if (error instanceof GrammyError && error.description.includes('message is not modified')) return;
    throw error;
  }
}
