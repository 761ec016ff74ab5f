import { Composer } from 'grammy';
import type { ChildConfig, Config, ProfileConfig } from '../../config/types.ts';
import { applyFollowedProfile, followedProfile, keepDifferences, switchProfile } from '../../household/profiles.ts';
import type { MachineRulesOutcome } from '../../household/rules.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { actorOf } from '../actor.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { sendKeptNotice } from '../household-chats.ts';
import { findChild, type NameProblem } from '../names.ts';
import { escapeHtml } from '../render/html.ts';
import { nameProblemText } from '../render/names.ts';
import { profileKeyboard, profileListText, switchedText } from '../render/profiles.ts';
import { failureText } from '../render/failure.ts';
import { undoKeyboard } from '../render/rules.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';

/** What `/profile …` asks: the list, or a switch of one child or of every child the profile is for. */
type ProfileRequest = { readonly kind: 'list' } | { readonly kind: 'switch'; readonly profile: ProfileConfig; readonly child: ChildConfig | undefined };

type ProfileRequestProblem = { readonly kind: 'unknown-profile'; readonly name: string } | { readonly kind: 'not-for-child'; readonly profile: ProfileConfig; readonly child: ChildConfig } | NameProblem;

/** A profile by id or name, any case. Pure. */
function findProfile(config: Config, name: string): ProfileConfig | undefined {
  const wanted = name.trim().toLowerCase();
  return [...config.profiles.byId.values()].find((profile) => profile.id.toLowerCase() === wanted || profile.name.toLowerCase() === wanted);
}

/** `/profile`, `/profile holidays`, `/profile Holidays mia`: the profile is the longest leading run of words naming one. Pure. */
export function parseProfileRequest(config: Config, text: string): Result<ProfileRequest, ProfileRequestProblem> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return ok({ kind: 'list' });
  for (let count = words.length; count >= 1; count -= 1) {
    const profile = findProfile(config, words.slice(0, count).join(' '));
    if (profile === undefined) continue;
    const rest = words.slice(count).join(' ');
    if (rest === '') return ok({ kind: 'switch', profile, child: undefined });
    const child = findChild(config, rest);
    if (!child.ok) return child;
    if (!profile.childIds.includes(child.value.id)) return err({ kind: 'not-for-child', profile, child: child.value });
    return ok({ kind: 'switch', profile, child: child.value });
  }
  return err({ kind: 'unknown-profile', name: words[0] ?? '' });
}

/**
 * Profiles from the chat: `/profile` lists them with who follows which and buttons to switch; `/profile holidays`
 * (every child it is for) or `/profile holidays mia` switches, answered per child with what each computer has now
 * and an Undo. Where a computer differs from its child's profile, `[Apply]` makes it follow again and `[Keep]`
 * accepts it as it is. Parents only.
 */
export function profilesFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, outbox, logger, rules: client, store } = deps;
  const household = { client, config, store, logger, now: deps.now };
  const feature = new Composer<BotContext>();

  const followed = () => new Map([...config.children.keys()].map((childId) => [childId, followedProfile(config, store, childId)?.id]));

  const showList = async (ctx: BotContext, chatId: number) => {
    const current = followed();
    const buttons = config.profiles.byId.size === 0 ? undefined : profileKeyboard(ctx.words, config, current);
    await outbox.send(chatId, profileListText(ctx.words, config, current), { html: true, ...(buttons === undefined ? {} : { buttons }) });
  };

  /** Switches and answers: per child what her computers have now, kept changes with their Cancel, and one Undo. */
  async function switchTo(ctx: BotContext, chatId: number, profile: ProfileConfig, child: ChildConfig | undefined): Promise<void> {
    const actor = actorOf(ctx);
    const update = { updateId: ctx.update.update_id, ...(ctx.callbackQuery === undefined ? {} : { callbackQueryId: ctx.callbackQuery.id }) };
    const switched = await switchProfile(household, actor, update, profile.id, child === undefined ? undefined : [child.id], chatId);
    if (!switched.ok) {
      const problem = switched.error;
      const text =
        problem.kind === 'unknown-profile'
          ? ctx.words.t('profile-unknown', { name: problem.profileId })
          : ctx.words.t('profile-not-for-child', { profile: profile.name, child: config.children.get(problem.childId)?.name ?? problem.childId });
      return void (await outbox.send(chatId, text, { validForMs: ANSWER_VALID_MS }));
    }
    const { outcome } = switched.value;
    if (outcome.kind === 'duplicate') return void (await outbox.send(chatId, ctx.words.t('rules-repeat'), { validForMs: ANSWER_VALID_MS }));
    ctx.log.info({ action: 'profile', profile: profile.id, results: outcome.children.flatMap(({ childId, results }) => results.map((result) => `${childId}/${result.machineId}:${result.kind}`)) }, 'profile switch');
    const texts: string[] = [];
    const kept = [];
    for (const { childId, results } of outcome.children) {
      const switchedChild = config.children.get(childId);
      if (switchedChild === undefined) continue;
      kept.push(...results.flatMap((result) => (result.kind === 'failed' && result.kept !== undefined ? [result.kept] : [])));
      const answered: MachineRulesOutcome[] = results.filter((result) => result.kind !== 'failed' || result.kept === undefined);
      texts.push(switchedText(ctx.words, config, switchedChild, profile, actor.name, answered));
    }
    // The choice changed whatever the computers had: one Undo takes back the rules written and the choice.
    await outbox.send(chatId, texts.join('\n\n'), { html: true, buttons: undoKeyboard(ctx.words, ctx.update.update_id) });
    await sendKeptNotice(deps, ctx.words, chatId, kept);
  }

  feature.command('profile', async (ctx) => {
    const request = parseProfileRequest(config, ctx.match);
    if (!request.ok) {
      const problem = request.error;
      const text =
        problem.kind === 'unknown-profile'
          ? ctx.words.t('profile-unknown', { name: problem.name })
          : problem.kind === 'not-for-child'
            ? ctx.words.t('profile-not-for-child', { profile: problem.profile.name, child: problem.child.name })
            : nameProblemText(ctx.words, config, problem);
      return void (await outbox.send(ctx.chat.id, text, { validForMs: ANSWER_VALID_MS }));
    }
    if (request.value.kind === 'list') return showList(ctx, ctx.chat.id);
    await switchTo(ctx, ctx.chat.id, request.value.profile, request.value.child);
  });

  feature.use(
    onButtons(['profile-switch'], config, async (ctx, action, message) => {
      const profile = config.profiles.byId.get(action.profileId);
      if (profile === undefined) return;
      await answerQuietly(ctx, { text: ctx.words.t('profile-switching-toast', { profile: profile.name }) });
      await switchTo(ctx, message.chatId, profile, action.child === ALL_MACHINES ? undefined : config.children.get(action.child));
      // The list under the buttons shows who follows which now.
      const current = followed();
      await outbox.edit(message.chatId, message.messageId, profileListText(ctx.words, config, current), { html: true, buttons: profileKeyboard(ctx.words, config, current) });
    }),
  );

  feature.use(
    onButtons(['profile-apply'], config, async (ctx, { childId, machineId }, message) => {
      const child = config.children.get(childId);
      if (child === undefined) return;
      const actor = actorOf(ctx);
      const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery?.id ?? '' };
      // The tap is answered before the computer is reached (that may take the connect timeout).
      const followed = followedProfile(config, store, childId);
      if (followed === undefined) return void (await answerQuietly(ctx, { text: ctx.words.t('profile-none-toast', { child: child.name }), show_alert: true }));
      await answerQuietly(ctx, { text: ctx.words.t('profile-switching-toast', { profile: followed.name }) });
      const applied = await applyFollowedProfile(household, actor, update, childId, machineId, message.chatId);
      if (!applied.ok) return;
      const { outcome, profile } = applied.value;
      if (outcome.kind === 'duplicate') return;
      const kept = outcome.results.flatMap((result) => (result.kind === 'failed' && result.kept !== undefined ? [result.kept] : []));
      const answered = outcome.results.filter((result) => result.kind !== 'failed' || result.kept === undefined);
      await outbox.buttons(message.chatId, message.messageId, { inline_keyboard: [] });
      if (answered.length > 0) {
        const written = answered.some((result) => result.kind === 'changed' || result.kind === 'partly');
        await outbox.send(message.chatId, switchedText(ctx.words, config, child, profile, actor.name, answered), {
          html: true,
          replyTo: message.messageId,
          ...(written ? { buttons: undoKeyboard(ctx.words, ctx.update.update_id) } : {}),
        });
      }
      await sendKeptNotice(deps, ctx.words, message.chatId, kept);
    }),
  );

  feature.use(
    onButtons(['profile-keep'], config, async (ctx, { childId, machineId }, message) => {
      const child = config.children.get(childId);
      if (child === undefined) return;
      // The tap is answered before the computer is read (that may take the connect timeout).
      await answerQuietly(ctx, { text: ctx.words.t('profile-keeping-toast', { machine: machineId }) });
      const kept = await keepDifferences(household, childId, machineId);
      const actor = actorOf(ctx);
      if (!kept.ok) {
        logger.warn({ child: childId, machine: machineId, failure: kept.error.kind }, 'profile keep: computer not read');
        return void (await outbox.send(message.chatId, ctx.words.t('profile-keep-failed', { machine: escapeHtml(machineId), why: escapeHtml(failureText(ctx.words, config, machineId, kept.error)) }), { html: true, replyTo: message.messageId }));
      }
      await outbox.buttons(message.chatId, message.messageId, { inline_keyboard: [] });
      ctx.log.info({ action: 'profile-keep', child: childId, machine: machineId }, 'differences kept');
      const profile = followedProfile(config, store, childId);
      await outbox.send(message.chatId, ctx.words.t('profile-kept', { parent: escapeHtml(actor.name), child: escapeHtml(child.name), machine: escapeHtml(machineId), profile: escapeHtml(profile?.name ?? '') }), {
        html: true,
        replyTo: message.messageId,
      });
    }),
  );
  return feature;
}
