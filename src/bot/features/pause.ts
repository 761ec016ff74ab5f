import { Composer } from 'grammy';
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import { dayOf } from '../../alerts/thresholds.ts';
import type { ChildConfig, Config } from '../../config/types.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { messageOf } from '../../lib/errors.ts';
import type { Store } from '../../storage/store.ts';
import { actorOf, readAccount } from '../apply.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES } from '../callback-data.ts';
import { mayHaveRun } from '../change-time.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { findChild, findMachineOf } from '../names.ts';
import { pushTargets } from '../push.ts';
import { answerQuietly, editIgnoringUnchanged } from '../replies.ts';
import { failureText } from '../render/failure.ts';
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
  type PauseLine,
  type ResumeLine,
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
 * `/pause mia [computer]`: asks first (only the asking parent may confirm, within a minute), then sets her time to 0
 * on each computer and keeps what was left. `/resume mia [computer]` gives back exactly what was kept. Each happens
 * once, whatever is tapped twice or delivered again.
 */
export function pauseFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, client, store, logger, now } = deps;
  const feature = new Composer<BotContext>();

  feature.command('pause', async (ctx) => {
    const target = parseChildTarget(config, ctx.match, PAUSE_USAGE);
    if (!target.ok) return void (await ctx.reply(target.error));
    const { child, machine } = target.value;
    await ctx.reply(pauseQuestion(child, machinesOf(child, machine)), {
      parse_mode: 'HTML',
      reply_markup: pauseQuestionKeyboard(child.id, machine, ctx.from?.id ?? 0),
    });
  });

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
      const lines = await Promise.all(machinesOf(child, machine).map((machineId) => pauseOne(deps, child, machineId, actor)));
      await editIgnoringUnchanged(ctx, message.chatId, message.messageId, formatPauseLines(config, childId, actor.name, lines));
    }),
  );

  feature.command('resume', async (ctx) => {
    const target = parseChildTarget(config, ctx.match, RESUME_USAGE);
    if (!target.ok) return void (await ctx.reply(target.error));
    if (store.beginUpdate(ctx.update.update_id, undefined, []) === undefined) return;
    const { child, machine } = target.value;
    const actor = actorOf(ctx);
    const lines = await Promise.all(machinesOf(child, machine).map((machineId) => resumeOne(child, machineId)));
    logger.info({ action: 'resume', child: child.id, machine, user: actor.id }, 'resume');
    await ctx.reply(formatResumeLines(config, child.id, actor.name, lines), { parse_mode: 'HTML' });
  });

  /** Sets the child's time on one computer to 0, keeping what was left (recorded before it is set). */
  async function pauseOne(d: FeatureDependencies, child: ChildConfig, machineId: string, actor: { id: number; name: string }): Promise<PauseLine> {
    const active = store.pauses.active(child.id, machineId);
    if (active !== undefined) return { kind: 'already', machineId, pause: active };
    const read = await readAccount(d, child.id, machineId);
    if (!read.info.ok) return { kind: 'failed', machineId, why: failureText(config, machineId, read.info.error), maybe: false };
    const login = child.accounts.get(machineId) ?? '';
    const at = now();
    const pause = store.pauses.begin({ at, day: dayOf(new Date(at)), childId: child.id, machineId, byId: actor.id, byName: actor.name, secondsKept: read.info.value.secondsLeft });
    if (pause === undefined) {
      const other = store.pauses.active(child.id, machineId);
      return other === undefined ? { kind: 'failed', machineId, why: 'try again', maybe: false } : { kind: 'already', machineId, pause: other };
    }
    const result = await client.changeTimeLeft(machineId, login, '=', 0);
    logger.info({ action: 'pause', child: child.id, machine: machineId, user: actor.id, kept: pause.secondsKept, ok: result.ok }, 'pause');
    if (result.ok) return { kind: 'paused', machineId, secondsKept: pause.secondsKept };
    const maybe = mayHaveRun(result.error);
    // Surely not set to 0: nothing is paused. Maybe set: kept as paused, so /resume can give the time back.
    if (!maybe) store.pauses.move(pause.id, 'paused', 'failed', now());
    return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe };
  }

  /** Gives back exactly what was kept, once: the pause moves to `resuming` before the time is set. */
  async function resumeOne(child: ChildConfig, machineId: string): Promise<ResumeLine> {
    const pause = store.pauses.active(child.id, machineId);
    if (pause === undefined || !store.pauses.move(pause.id, 'paused', 'resuming', now())) return { kind: 'not-paused', machineId };
    const result = await client.changeTimeLeft(machineId, child.accounts.get(machineId) ?? '', '=', pause.secondsKept);
    if (!result.ok && !mayHaveRun(result.error)) {
      store.pauses.move(pause.id, 'resuming', 'paused', now());
      return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe: false };
    }
    store.pauses.move(pause.id, 'resuming', 'resumed', now());
    if (!result.ok) return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe: true };
    const change = result.value;
    return change.kind === 'read-back'
      ? { kind: 'resumed', machineId, secondsLeft: change.info.secondsLeft, capped: change.capped }
      : { kind: 'resumed', machineId, secondsLeft: undefined, capped: false };
  }

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
