import { Composer, type MiddlewareFn } from 'grammy';
import type { ChildConfig, Config } from '../../config/types.ts';
import { publishAsk } from '../ask-flow.ts';
import { askedMachine, childOfUser, expiryOf, mayAsk, parseAskWords, type AskWords } from '../../household/asks.ts';
import { onButtons } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { createRateLimiter } from '../telegram/rate-limit.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import { askRefusedText, askSentText, askWordsProblemText, childAskKeyboard, childTexts, formatChildTime } from '../render/asks.ts';
import { readStatus } from '../../household/status.ts';
import { showRules } from '../rules-message.ts';

/** A child may send this many messages or taps a minute; past it they are told once, then ignored for a while. */
const CHILD_MESSAGES_PER_MINUTE = 10;

/** The config seen from one child: only their own accounts (what /time shows and /ask reads). */
function onlyChild(config: Config, child: ChildConfig): Config {
  return { ...config, children: new Map([[child.id, child]]) };
}

/**
 * What a known child may do: `/time` (their own time on each of their computers) and `/ask` (more time, from their
 * parents). Anything else gets a friendly "only your parents can do that"; a tap on a parent's button changes
 * nothing. Rate limited per child, so that nobody can flood the parents. The child is answered in their own language;
 * the request reaches the parents in the groups' language.
 */
export function childFeature(deps: FeatureDependencies): MiddlewareFn<BotContext> {
  const { config, client, store, logger, outbox, now, translations } = deps;
  const feature = new Composer<BotContext>();
  const limiter = createRateLimiter({ limit: CHILD_MESSAGES_PER_MINUTE, windowMs: 60_000 });

  feature.use(async (ctx, next) => {
    // A child chatting in the group is none of the bot's business: not answered, not counted.
    if (ctx.message !== undefined && ctx.chat?.type !== 'private' && ctx.message.text?.startsWith('/') !== true) return;
    const verdict = limiter.check(ctx.from?.id ?? 0, now());
    if (verdict === 'ok') return next();
    ctx.log.warn({ verdict }, 'child rate limited');
    if (verdict === 'silent') return;
    const slowDown = childTexts(ctx.words).slowDown;
    if (ctx.callbackQuery !== undefined) await answerQuietly(ctx, { text: slowDown });
    else await ctx.reply(slowDown);
  });

  const childOf = (ctx: BotContext): ChildConfig | undefined => (ctx.from === undefined ? undefined : childOfUser(config, ctx.from.id));

  feature.command('time', async (ctx) => {
    const child = childOf(ctx);
    if (child === undefined) return;
    const snapshot = await readStatus(client, onlyChild(config, child));
    await outbox.send(ctx.chat.id, formatChildTime(ctx.words, config, snapshot), { html: true, validForMs: ANSWER_VALID_MS });
  });

  // Her own house rules, to read: the same picture and words the parents see, without their buttons.
  feature.command('rules', async (ctx) => {
    const child = childOf(ctx);
    if (child === undefined) return;
    await showRules(deps, ctx.words, ctx.chat.id, child, [...child.accounts.keys()], 'child');
  });

  /** Asks the parents for `words.minutes`, if the child may ask now; `replyTo` is the child's message. */
  async function ask(ctx: BotContext, child: ChildConfig, words: AskWords, replyTo: { chatId: number; messageId: number }): Promise<void> {
    const at = now();
    const verdict = mayAsk(config.asks, store.asks.openAsk(child.id, at), store.asks.lastDenied(child.id), at);
    if (verdict.kind !== 'ok') {
      await outbox.send(replyTo.chatId, askRefusedText(ctx.words, verdict), { replyTo: replyTo.messageId, validForMs: ANSWER_VALID_MS });
      return;
    }
    // Stored before anything is awaited: a second /ask at the same moment (another chat, another account of the
    // child) already finds this one open.
    const created = store.asks.create({
      at,
      childId: child.id,
      askerId: ctx.from?.id ?? 0,
      chatId: replyTo.chatId,
      messageId: replyTo.messageId,
      minutes: words.minutes,
      reason: words.reason,
      machineId: undefined,
      expiresAt: expiryOf(config.asks, at),
      // The answer reaches the child later, in the language they asked in.
      language: ctx.words.language,
    });
    const snapshot = await readStatus(client, onlyChild(config, child));
    const machineId = askedMachine(new Map(snapshot.map((account) => [account.machineId, account.info] as const)));
    const record = store.asks.setMachine(created.id, machineId) ?? created;
    logger.info({ action: 'ask', ask: record.id, child: child.id, minutes: words.minutes, machine: machineId }, 'child asked for time');
    const delivered = await publishAsk({ outbox, config, asks: store.asks, logger, translations }, record, snapshot);
    if (delivered === 0) {
      // Nobody got it: it must not block the child's next request.
      store.asks.expireOne(record.id, now());
      await outbox.send(replyTo.chatId, childTexts(ctx.words).notDelivered);
      return;
    }
    await outbox.send(replyTo.chatId, askSentText(ctx.words, record), { replyTo: replyTo.messageId });
  }

  feature.command('ask', async (ctx) => {
    const child = childOf(ctx);
    if (child === undefined) return;
    const words = parseAskWords(ctx.match);
    if (!words.ok) {
      await outbox.send(ctx.chat.id, askWordsProblemText(ctx.words, words.error), { validForMs: ANSWER_VALID_MS });
      return;
    }
    if (!config.asks.enabled) {
      await outbox.send(ctx.chat.id, askRefusedText(ctx.words, { kind: 'disabled' }), { validForMs: ANSWER_VALID_MS });
      return;
    }
    if (words.value === undefined) {
      await outbox.send(ctx.chat.id, childTexts(ctx.words).askPrompt, { buttons: childAskKeyboard(ctx.words), validForMs: ANSWER_VALID_MS });
      return;
    }
    await ask(ctx, child, words.value, { chatId: ctx.chat.id, messageId: ctx.message?.message_id ?? 0 });
  });

  feature.use(
    onButtons(['child-ask'], config, async (ctx, { minutes }, message) => {
      const child = childOf(ctx);
      if (child === undefined) return;
      await answerQuietly(ctx);
      await ask(ctx, child, { minutes, reason: undefined }, message);
    }),
  );

  // A parent's button, tapped by a child: nothing happens.
  feature.on('callback_query', (ctx) => answerQuietly(ctx, { text: childTexts(ctx.words).onlyParentsToast, show_alert: true }));
  // Any other command, or anything said to the bot privately; a child's chatter in the group gets nothing.
  feature.on('message', async (ctx) => {
    if (ctx.chat.type === 'private' || ctx.message.text?.startsWith('/') === true) await ctx.reply(childTexts(ctx.words).onlyParents);
  });
  return feature.middleware();
}
