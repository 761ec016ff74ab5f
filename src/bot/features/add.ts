import { createConversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { parseAddArguments } from '../add-request.ts';
import { applyOnce, rereadUncertain } from '../../household/apply.ts';
import { actorOf } from '../actor.ts';
import { onButtons } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { keptOf } from '../../household/kept.ts';
import { keptButtonsOn, sendKeptNotice } from '../household-chats.ts';
import { announceIfPrivate } from '../push.ts';
import { addProblemText } from '../render/add.ts';
import { keptKeyboard } from '../render/kept.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import { formatReread, outcomeLines } from '../render/change.ts';
import { changingToast } from '../render/replies.ts';
import { readStatus, withChange } from '../../household/status.ts';
import { GUIDED_ADD_ID, GUIDED_ADD_TIMEOUT_MS, guidedAddConversation } from '../conversations/guided-add.ts';
import { showStatus } from '../status-message.ts';

/**
 * Adding and taking away time: `/add mia 15 [computer]`, `/add` step by step, and the amount buttons under a status
 * message. Needs the conversations plugin installed before it.
 */
export function addFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { client, config, outbox, statusCache, now } = deps;
  const feature = new Composer<BotContext>();
  feature.use(createConversation(guidedAddConversation(deps), { id: GUIDED_ADD_ID, maxMillisecondsToWait: GUIDED_ADD_TIMEOUT_MS }));

  feature.command('add', async (ctx) => {
    if (ctx.match.trim() === '') {
      // A new /add replaces this parent's unfinished one.
      await ctx.conversation.exit(GUIDED_ADD_ID);
      await ctx.conversation.enter(GUIDED_ADD_ID);
      return;
    }
    const request = parseAddArguments(config, ctx.match);
    if (!request.ok) {
      await outbox.send(ctx.chat.id, addProblemText(ctx.words, config, request.error), { validForMs: ANSWER_VALID_MS });
      return;
    }
    const actor = actorOf(ctx);
    const { child, minutes, machineIds, play } = request.value;
    const requests = machineIds.map((machineId) => ({ childId: child.id, machineId, minutes, ...(play ? { play } : {}) }));
    const outcome = await applyOnce(deps, actor, { updateId: ctx.update.update_id }, requests, ctx.chat.id, { keepUnreached: true });
    const lines = outcomeLines(ctx.words, config, actor, outcome);
    const rereads = (await rereadUncertain(deps, outcome)).map((reread) => formatReread(ctx.words, config, reread));
    const text = [...lines, ...rereads].join('\n');
    const kept = keptOf(outcome);
    // Kept for a computer that is off: the Cancel buttons go under the answer.
    if (kept.length === 0) await outbox.send(ctx.chat.id, text, { html: true });
    else await outbox.send(ctx.chat.id, text, { html: true, buttons: keptKeyboard(ctx.words, kept), after: keptButtonsOn(kept) });
    if (outcome.kind === 'applied') await announceIfPrivate(ctx, deps, actor, outcome);
  });

  // Without a step-by-step /add running (that one takes /cancel itself), there is nothing to cancel.
  feature.command('cancel', (ctx) => outbox.send(ctx.chat.id, ctx.words.t('nothing-to-cancel'), { validForMs: ANSWER_VALID_MS }));

  feature.use(
    onButtons(['add', 'play-add'], config, async (ctx, { kind, childId, machineId, minutes }, message) => {
      await answerQuietly(ctx, { text: changingToast(ctx.words, minutes, config.children.get(childId)?.name ?? childId, machineId) });
      const actor = actorOf(ctx);
      const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery?.id ?? '' };
      const request = { childId, machineId, minutes, ...(kind === 'play-add' ? { play: true } : {}) };
      const outcome = await applyOnce(deps, actor, update, [request], message.chatId, { keepUnreached: true });
      const lines = outcomeLines(ctx.words, config, actor, outcome);
      // A tap costs one change plus one re-read of that account; the rest of a recent message stays as last read.
      // Everything is read again when the message is old, or the change's outcome is not certain.
      const cached = statusCache.recent(message.chatId, message.messageId, now());
      const result = outcome.kind === 'applied' ? outcome.results[0]?.result : undefined;
      const updated = cached !== undefined && result !== undefined ? withChange(cached, childId, machineId, result) : undefined;
      await showStatus(deps, ctx.words, message, updated ?? (await readStatus(client, config)), lines);
      await sendKeptNotice(deps, ctx.words, message.chatId, keptOf(outcome));
      if (outcome.kind === 'applied') await announceIfPrivate(ctx, deps, actor, outcome);
    }),
  );

  // A step of a step-by-step /add that is not running for this parent (another's, or one that ended).
  feature.use(
    onButtons(['guided-child', 'guided-machine', 'guided-amount', 'guided-other', 'guided-cancel'], config, (ctx) =>
      answerQuietly(ctx, { text: ctx.words.t('guided-not-yours') }),
    ),
  );
  return feature;
}

