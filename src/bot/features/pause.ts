import { Composer } from 'grammy';
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import { dayOf } from '../../alerts/thresholds.ts';
import type { ChildConfig, Config } from '../../config/types.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { messageOf } from '../../lib/errors.ts';
import type { Store } from '../../storage/store.ts';
import { actorOf } from '../apply.ts';
import { offerCancel, refreshCancelButtons } from '../kept.ts';
import { pauseOne, resumeOne } from '../pausing.ts';
import { keptKeyboard } from '../render/kept.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { findChild, findMachineOf } from '../names.ts';
import { pushTargets } from '../push.ts';
import { answerQuietly, editIgnoringUnchanged } from '../replies.ts';
import {
  formatPauseLines,
  formatResumeLines,
  PAUSE_CANCELLED,
  PAUSE_EXPIRED,
  PAUSE_NOT_YOURS,
  PAUSE_TAP_HANDLED,
  pauseQuestion,
  pauseQuestionKeyboard,
  pausesEndedText,
  PAUSING_TOAST,
  RESUMING_TOAST,
} from '../render/pause.ts';

/** How long the question of /pause may be answered. */
export const PAUSE_QUESTION_MS = 60_000;
const PAUSE_USAGE = 'Use: /pause <child> [computer], e.g. /pause mia or /pause mia desktop';
const RESUME_USAGE = 'Use: /resume <child> [computer], e.g. /resume mia';

/** `mia` or `mia desktop` → the child and the machine (`*`: all of theirs). Pure. */
export function parseChildTarget(config: Config, text: string, usage: string): Result<{ child: ChildConfig; machine: string }, string> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || words.length > 2) return err(usage);
  const child = findChild(config, words[0] ?? '');
  if (!child.ok) return child;
  if (words[1] === undefined) return ok({ child: child.value, machine: ALL_MACHINES });
  const machine = findMachineOf(child.value, words[1]);
  return machine.ok ? ok({ child: child.value, machine: machine.value }) : machine;
}

const machinesOf = (child: ChildConfig, machine: string): string[] => (machine === ALL_MACHINES ? [...child.accounts.keys()] : [machine]);

/**
 * `/pause mia [computer]` (or ⏸ under a status message): asks first (only the asking parent may confirm, within a
 * minute), then sets her time to 0 on each computer and keeps what was left; a computer that is off gets the pause
 * when it is back. `/resume mia [computer]` (or ▶) gives back exactly what was kept. Each happens once, whatever is
 * tapped twice or delivered again.
 */
export function pauseFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, store, logger, now } = deps;
  const feature = new Composer<BotContext>();

  const askToPause = (ctx: BotContext, child: ChildConfig, machine: string) =>
    ctx.reply(pauseQuestion(child, machinesOf(child, machine)), {
      parse_mode: 'HTML',
      reply_markup: pauseQuestionKeyboard(child.id, machine, ctx.from?.id ?? 0),
    });

  feature.command('pause', async (ctx) => {
    const target = parseChildTarget(config, ctx.match, PAUSE_USAGE);
    if (!target.ok) return void (await ctx.reply(target.error));
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
      await answerQuietly(ctx, { text: PAUSE_CANCELLED });
      await editIgnoringUnchanged(ctx, message.chatId, message.messageId, PAUSE_CANCELLED);
    }),
  );

  feature.use(
    onButtons(['pause-confirm'], config, async (ctx, { childId, machine, askerId }, message) => {
      if (ctx.from?.id !== askerId) return answerQuietly(ctx, { text: PAUSE_NOT_YOURS, show_alert: true });
      const asked = (ctx.callbackQuery?.message?.date ?? 0) * 1000;
      if (now() - asked > PAUSE_QUESTION_MS) {
        await answerQuietly(ctx, { text: PAUSE_EXPIRED });
        return editIgnoringUnchanged(ctx, message.chatId, message.messageId, PAUSE_EXPIRED);
      }
      // This very tap, delivered again: it was done (or is being done) already.
      if (store.beginUpdate(ctx.update.update_id, ctx.callbackQuery?.id, []) === undefined) return answerQuietly(ctx, { text: PAUSE_TAP_HANDLED });
      const child = config.children.get(childId);
      if (child === undefined) return;
      await answerQuietly(ctx, { text: PAUSING_TOAST });
      const actor = actorOf(ctx);
      const lines = await Promise.all(machinesOf(child, machine).map((machineId) => pauseOne(deps, child, machineId, actor, { keepIn: message.chatId })));
      const kept = lines.flatMap((line) => (line.kind === 'kept' ? [line.kept] : []));
      const text = formatPauseLines(config, childId, actor.name, lines);
      // A computer that is off gets the pause when it is back; until then it can be cancelled under this message.
      if (kept.length === 0) return editIgnoringUnchanged(ctx, message.chatId, message.messageId, text);
      await offerCancel(deps, kept, async () => {
        await editIgnoringUnchanged(ctx, message.chatId, message.messageId, text, { reply_markup: keptKeyboard(kept) });
        return { message_id: message.messageId };
      });
    }),
  );

  const resume = async (ctx: BotContext, child: ChildConfig, machine: string) => {
    const actor = actorOf(ctx);
    const lines = await Promise.all(machinesOf(child, machine).map((machineId) => resumeOne(deps, child, machineId, actor)));
    logger.info({ action: 'resume', child: child.id, machine, user: actor.id }, 'resume');
    await ctx.reply(formatResumeLines(config, child.id, actor.name, lines), { parse_mode: 'HTML' });
    for (const line of lines) {
      if (line.kind === 'kept-cancelled') for (const kept of line.kept) await refreshCancelButtons({ ...deps, api: ctx.api }, kept.chatId, kept.messageId);
    }
  };

  feature.command('resume', async (ctx) => {
    const target = parseChildTarget(config, ctx.match, RESUME_USAGE);
    if (!target.ok) return void (await ctx.reply(target.error));
    if (store.beginUpdate(ctx.update.update_id, undefined, []) === undefined) return;
    await resume(ctx, target.value.child, target.value.machine);
  });

  // ▶ under a status message: /resume for all her computers, once per tap.
  feature.use(
    onButtons(['resume'], config, async (ctx, { childId }) => {
      const child = config.children.get(childId);
      if (store.beginUpdate(ctx.update.update_id, ctx.callbackQuery?.id, []) === undefined || child === undefined) return answerQuietly(ctx, { text: PAUSE_TAP_HANDLED });
      await answerQuietly(ctx, { text: RESUMING_TOAST });
      await resume(ctx, child, ALL_MACHINES);
    }),
  );

  return feature;
}

/** Ends the pauses of earlier days (the new day brings new limits) and tells the parents. */
export async function endStalePauses(api: Api, config: Config, store: Store, logger: Logger, now: number): Promise<number> {
  const ended = store.pauses.endBefore(dayOf(new Date(now)), now);
  if (ended.length === 0) return 0;
  logger.info({ action: 'pauses-ended', count: ended.length }, 'pauses ended with the day');
  await Promise.all(
    pushTargets(config).map((chatId) =>
      api.sendMessage(chatId, pausesEndedText(config, ended), { parse_mode: 'HTML' }).catch((error: unknown) => {
        logger.warn({ chat: chatId, err: messageOf(error) }, 'pauses ended: not told');
      }),
    ),
  );
  return ended.length;
}
