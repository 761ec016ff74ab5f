import { Composer } from 'grammy';
import type { ChildConfig } from '../../config/types.ts';
import { actorOf } from '../actor.ts';
import { refreshCancelButtons } from '../../household/kept.ts';
import { keptButtonsOn } from '../household-chats.ts';
import { pauseOne, resumeOne } from '../../household/pausing.ts';
import { keptKeyboard } from '../render/kept.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { parseChildTarget } from '../names.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import {
  formatPauseLines,
  formatResumeLines,
  pauseQuestion,
  pauseQuestionKeyboard,
  pauseTargetProblemText,
  pauseTexts,
} from '../render/pause.ts';

/** How long the question of /pause may be answered. */
export const PAUSE_QUESTION_MS = 60_000;

const machinesOf = (child: ChildConfig, machine: string): string[] => (machine === ALL_MACHINES ? [...child.accounts.keys()] : [machine]);

/**
 * `/pause mia [computer]` (or ⏸ under a status message): asks first (only the asking parent may confirm, within a
 * minute), then sets her time to 0 on each computer and keeps what was left; a computer that is off gets the pause
 * when it is back. `/resume mia [computer]` (or ▶) gives back exactly what was kept. Each happens once, whatever is
 * tapped twice or delivered again.
 */
export function pauseFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, store, logger, outbox, now } = deps;
  const feature = new Composer<BotContext>();

  const askToPause = (ctx: BotContext, child: ChildConfig, machine: string) =>
    outbox.send(ctx.chatId ?? 0, pauseQuestion(ctx.words, child, machinesOf(child, machine)), {
      html: true,
      buttons: pauseQuestionKeyboard(ctx.words, child.id, machine, ctx.from?.id ?? 0),
      // The question can be answered for a minute only.
      validForMs: PAUSE_QUESTION_MS,
    });

  feature.command('pause', async (ctx) => {
    const target = parseChildTarget(config, ctx.match);
    if (!target.ok) return void (await outbox.send(ctx.chat.id, pauseTargetProblemText(ctx.words, config, 'pause', target.error), { validForMs: ANSWER_VALID_MS }));
    await askToPause(ctx, target.value.child, target.value.machine);
  });

  // ⏸ under a status message: the same question as /pause for all her computers.
  feature.use(
    onButtons(['pause-ask'], config, async (ctx, { childId }) => {
      const child = config.children.get(childId);
      await answerQuietly(ctx);
      if (child !== undefined) await askToPause(ctx, child, ALL_MACHINES);
    }),
  );

  feature.use(
    onButtons(['pause-cancel'], config, async (ctx, _action, message) => {
      const { cancelled } = pauseTexts(ctx.words);
      await answerQuietly(ctx, { text: cancelled });
      await outbox.edit(message.chatId, message.messageId, cancelled, { html: true });
    }),
  );

  feature.use(
    onButtons(['pause-confirm'], config, async (ctx, { childId, machine, askerId }, message) => {
      const texts = pauseTexts(ctx.words);
      if (ctx.from?.id !== askerId) return answerQuietly(ctx, { text: texts.notYours, show_alert: true });
      const asked = (ctx.callbackQuery?.message?.date ?? 0) * 1000;
      if (now() - asked > PAUSE_QUESTION_MS) {
        await answerQuietly(ctx, { text: texts.expired });
        return void (await outbox.edit(message.chatId, message.messageId, texts.expired, { html: true }));
      }
      // This very tap, delivered again: it was done (or is being done) already.
      if (store.beginUpdate(ctx.update.update_id, ctx.callbackQuery?.id, []) === undefined) return answerQuietly(ctx, { text: texts.tapHandled });
      const child = config.children.get(childId);
      if (child === undefined) return;
      await answerQuietly(ctx, { text: texts.pausing });
      const actor = actorOf(ctx);
      const lines = await Promise.all(machinesOf(child, machine).map((machineId) => pauseOne(deps, child, machineId, actor, { keepIn: message.chatId })));
      const kept = lines.flatMap((line) => (line.kind === 'kept' ? [line.kept] : []));
      const text = formatPauseLines(ctx.words, config, childId, actor.name, lines);
      // A computer that is off gets the pause when it is back; until then it can be cancelled under this message.
      if (kept.length === 0) return void (await outbox.edit(message.chatId, message.messageId, text, { html: true }));
      await outbox.edit(message.chatId, message.messageId, text, { html: true, buttons: keptKeyboard(ctx.words, kept), after: keptButtonsOn(kept) });
    }),
  );

  const resume = async (ctx: BotContext, child: ChildConfig, machine: string) => {
    const actor = actorOf(ctx);
    const lines = await Promise.all(machinesOf(child, machine).map((machineId) => resumeOne(deps, child, machineId, actor)));
    logger.info({ action: 'resume', child: child.id, machine, user: actor.id }, 'resume');
    await outbox.send(ctx.chatId ?? 0, formatResumeLines(ctx.words, config, child.id, actor.name, lines), { html: true });
    for (const line of lines) {
      if (line.kind === 'kept-cancelled') for (const kept of line.kept) await refreshCancelButtons({ store: deps.store, chats: deps.chats }, kept.chatId, kept.messageId);
    }
  };

  feature.command('resume', async (ctx) => {
    const target = parseChildTarget(config, ctx.match);
    if (!target.ok) return void (await outbox.send(ctx.chat.id, pauseTargetProblemText(ctx.words, config, 'resume', target.error), { validForMs: ANSWER_VALID_MS }));
    if (store.beginUpdate(ctx.update.update_id, undefined, []) === undefined) return;
    await resume(ctx, target.value.child, target.value.machine);
  });

  // ▶ under a status message: /resume for all her computers, once per tap.
  feature.use(
    onButtons(['resume'], config, async (ctx, { childId }) => {
      const child = config.children.get(childId);
      const texts = pauseTexts(ctx.words);
      if (store.beginUpdate(ctx.update.update_id, ctx.callbackQuery?.id, []) === undefined || child === undefined) return answerQuietly(ctx, { text: texts.tapHandled });
      await answerQuietly(ctx, { text: texts.resuming });
      await resume(ctx, child, ALL_MACHINES);
    }),
  );

  return feature;
}
