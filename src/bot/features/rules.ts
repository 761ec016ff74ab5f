import { Composer } from 'grammy';
import type { ChildConfig } from '../../config/types.ts';
import { changeChildRules, readChildRules, undoRulesChange, type MachineRulesOutcome } from '../../household/rules.ts';
import type { RulesEdit } from '../../household/rules-edit.ts';
import { actorOf } from '../actor.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES, type ButtonAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { parseChildTarget } from '../names.ts';
import { parseRulesArguments, type RulesCommand } from '../rules-request.ts';
import { rulesOutcomeText, undoKeyboard } from '../render/rules.ts';
import { exceptionSetText, profileUndoneText } from '../render/profiles.ts';
import { rulesMessage, showRules } from '../rules-message.ts';
import { followedProfile } from '../../household/profiles.ts';
import { addDays, localDay } from '../../lib/local-days.ts';
import { sendKeptNotice } from '../household-chats.ts';
import { refreshCancelButtons } from '../../household/kept.ts';
import { escapeHtml } from '../render/html.ts';
import { rulesRequestProblemText, rulesTargetProblemText } from '../render/rules-problems.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import type { NoAccount } from '../../household/change-time.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { MachineFailure } from '../../timekpr/client.ts';
import type { Rules } from '../../timekpr/rules.ts';

const RULES_COMMANDS: readonly RulesCommand[] = ['limit', 'hours', 'days', 'playtime', 'lockout', 'tonight', 'today', 'tomorrow'];

/** A computer's rules as a change's outcome already tells them, if it does. Pure. */
function rulesKnownAfter(result: MachineRulesOutcome): [string, Result<Rules, MachineFailure | NoAccount>][] {
  switch (result.kind) {
    case 'changed':
    case 'partly':
      return result.after === undefined ? [] : [[result.machineId, ok(result.after)]];
    case 'already':
    case 'refused':
      return [[result.machineId, ok(result.rules)]];
    case 'failed':
      return [[result.machineId, err(result.failure)]];
    case 'unknown':
      return [];
  }
}

type RulesButton = Extract<ButtonAction, { kind: 'rules-step' | 'rules-playtime' | 'rules-lockout' | 'exception-tonight' | 'alert-tonight' | 'exception-extra' | 'exception-tomorrow-off' }>;

/** The edit a button under /rules asks for (exceptions are about `today`, or the day after). Pure. */
function buttonEdit(action: RulesButton, today: string): RulesEdit {
  switch (action.kind) {
    case 'rules-step':
      return { kind: 'limit-step', deltaSeconds: action.minutes * 60 };
    case 'rules-playtime':
      return { kind: 'playtime', enabled: action.enabled };
    case 'rules-lockout':
      return { kind: 'lockout', lockout: { type: action.lockout } };
    case 'exception-tonight':
    case 'alert-tonight':
      return { kind: 'exception', exception: { kind: 'tonight', date: today, toMinute: action.toMinute } };
    case 'exception-extra':
      return { kind: 'exception', exception: { kind: 'day-extra', date: today, seconds: action.minutes * 60 } };
    case 'exception-tomorrow-off':
      return { kind: 'exception', exception: { kind: 'day-off', date: addDays(today, 1) } };
  }
}

/**
 * A child's house rules from the chat: `/rules mia` shows them (words, a week picture, buttons for the common moves);
 * `/limit`, `/hours`, `/days`, `/playtime` and `/lockout` change them on her computers, each answered with what the
 * computers have now and an Undo. Parents only (a child's /rules is answered by the child feature).
 */
export function rulesFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, outbox, logger, rules: client } = deps;
  const household = { client, config, store: deps.store, logger, now: deps.now };
  const feature = new Composer<BotContext>();

  feature.command('rules', async (ctx) => {
    if (ctx.match.trim() === '') {
      for (const child of config.children.values()) await showRules(deps, ctx.words, ctx.chat.id, child, [...child.accounts.keys()], 'parent');
      return;
    }
    const target = parseChildTarget(config, ctx.match);
    if (!target.ok) return void (await outbox.send(ctx.chat.id, rulesTargetProblemText(ctx.words, config, target.error), { validForMs: ANSWER_VALID_MS }));
    const { child, machine } = target.value;
    await showRules(deps, ctx.words, ctx.chat.id, child, machine === ALL_MACHINES ? [...child.accounts.keys()] : [machine], 'parent');
  });

  /** Applies an edit and answers with the outcome (and an Undo when something was written). */
  async function change(ctx: BotContext, chatId: number, child: ChildConfig, machineIds: readonly string[], edit: RulesEdit): Promise<readonly MachineRulesOutcome[]> {
    const actor = actorOf(ctx);
    const update = { updateId: ctx.update.update_id, ...(ctx.callbackQuery === undefined ? {} : { callbackQueryId: ctx.callbackQuery.id }) };
    const outcome = await changeChildRules(household, actor, update, { childId: child.id, machineIds, edit }, chatId, { keepUnreached: true });
    if (outcome.kind === 'duplicate') {
      // Telegram delivered it again: nothing is run twice; /history shows what happened the first time.
      await outbox.send(chatId, ctx.words.t('rules-repeat'), { validForMs: ANSWER_VALID_MS });
      return [];
    }
    ctx.log.info({ action: 'rules', child: child.id, edit: edit.kind, results: outcome.results.map((result) => `${result.machineId}:${result.kind}`) }, 'rules change');
    // A computer that is off keeps the change: its line, with a Cancel button, comes as a message of its own.
    const kept = outcome.results.flatMap((result) => (result.kind === 'failed' && result.kept !== undefined ? [result.kept] : []));
    const answered = outcome.results.filter((result) => result.kind !== 'failed' || result.kept === undefined);
    if (answered.length > 0) {
      const written = answered.some((result) => result.kind === 'changed' || result.kind === 'partly');
      const text =
        edit.kind === 'exception'
          ? exceptionSetText(ctx.words, config, child, actor.name, edit.exception, localDay(deps.now()), answered)
          : rulesOutcomeText(ctx.words, config, child, actor.name, answered);
      await outbox.send(chatId, text, { html: true, ...(written ? { buttons: undoKeyboard(ctx.words, ctx.update.update_id) } : {}) });
    }
    await sendKeptNotice(deps, ctx.words, chatId, kept);
    return outcome.results;
  }

  feature.command([...RULES_COMMANDS], async (ctx) => {
    const command = RULES_COMMANDS.find((name) => name === ctx.msg.text?.slice(1).split(/[\s@]/)[0]?.toLowerCase());
    if (command === undefined) return;
    const request = parseRulesArguments(config, command, ctx.match, localDay(deps.now()));
    if (!request.ok) return void (await outbox.send(ctx.chat.id, rulesRequestProblemText(ctx.words, config, request.error), { validForMs: ANSWER_VALID_MS }));
    const { child, machineIds, edit } = request.value;
    await change(ctx, ctx.chat.id, child, machineIds, edit);
  });

  feature.use(
    onButtons(['rules-step', 'rules-playtime', 'rules-lockout', 'exception-tonight', 'alert-tonight', 'exception-extra', 'exception-tomorrow-off'], config, async (ctx, action, message) => {
      const child = config.children.get(action.childId);
      if (child === undefined) return;
      await answerQuietly(ctx, { text: ctx.words.t('rules-changing-toast', { child: child.name }) });
      const edit = buttonEdit(action, localDay(deps.now()));
      const machineIds = [...child.accounts.keys()];
      const results = await change(ctx, message.chatId, child, machineIds, edit);
      // Under an alert, the answer comes below it and the alert stays as it is.
      if (action.kind === 'alert-tonight') return;
      // The message with the buttons shows the rules as they are now: as the change read them, and read again only
      // where it could not tell (the outcome is unknown, or the change was not run because it was seen before).
      const known = new Map(results.flatMap((result) => rulesKnownAfter(result)));
      const unknown = machineIds.filter((machineId) => !known.has(machineId));
      const reread = new Map((await readChildRules({ client, config }, child.id, unknown)).map((read) => [read.machineId, read.rules]));
      const reads = machineIds.flatMap((machineId) => {
        const rules = known.get(machineId) ?? reread.get(machineId);
        return rules === undefined ? [] : [{ machineId, rules }];
      });
      const { text, buttons } = rulesMessage(deps, ctx.words, child, reads, 'parent');
      await outbox.edit(message.chatId, message.messageId, text, { html: true, ...(buttons === undefined ? {} : { buttons }) });
    }),
  );

  feature.use(
    onButtons(['rules-undo'], config, async (ctx, { updateId }, message) => {
      const actor = actorOf(ctx);
      const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery?.id ?? '' };
      const undone = await undoRulesChange(household, actor, update, updateId, message.chatId);
      if (undone.kind === 'duplicate') return void (await answerQuietly(ctx));
      if (undone.kind === 'nothing') {
        await answerQuietly(ctx, { text: ctx.words.t('rules-undo-nothing-toast'), show_alert: true });
        return void (await outbox.buttons(message.chatId, message.messageId, { inline_keyboard: [] }));
      }
      await answerQuietly(ctx, { text: ctx.words.t('rules-undo-toast') });
      ctx.log.info(
        { action: 'rules-undo', of: updateId, results: undone.children.flatMap(({ childId, results }) => results.map((result) => `${childId}/${result.machineId}:${result.kind}`)) },
        'rules change undone',
      );
      // The Undo stays only where a computer could not be restored now (off): a later tap tries again there.
      if (!undone.again) await outbox.buttons(message.chatId, message.messageId, { inline_keyboard: [] });
      for (const { childId, results } of undone.children) {
        const child = config.children.get(childId);
        if (child === undefined) continue;
        // A switch whose computers had the profile's rules already wrote nothing: only the choice went back.
        const cancelled = undone.cancelled.filter((kept) => kept.childId === childId).map((kept) => ctx.words.t('rules-undo-kept-cancelled', { machine: escapeHtml(kept.machineId) }));
        const text =
          results.length === 0 && cancelled.length === 0
            ? profileUndoneText(ctx.words, child, actor.name, followedProfile(config, deps.store, childId))
            : [rulesOutcomeText(ctx.words, config, child, actor.name, results, true), ...cancelled, ...(undone.again ? [ctx.words.t('rules-undo-again')] : [])].join('\n');
        await outbox.send(message.chatId, text, { html: true, replyTo: message.messageId });
      }
      // The Cancel buttons of what no longer waits go away.
      for (const kept of undone.cancelled) await refreshCancelButtons(deps, kept.chatId, kept.messageId);
    }),
  );
  return feature;
}
