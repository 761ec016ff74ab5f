import { Composer } from 'grammy';
import { showAskOutcome, tellChild } from '../ask-flow.ts';
import { expireDueAsks } from '../../household/ask-expiry.ts';
import { applyOnce, type ApplyOutcome } from '../../household/apply.ts';
import { actorOf } from '../actor.ts';
import { isOfferedGive } from '../../household/asks.ts';
import { onButtons } from '../buttons.ts';
import { ALL_MACHINES } from '../callback-data.ts';
import { mayHaveRun } from '../../household/change-time.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { answerQuietly } from '../telegram/answers.ts';
import { askClosedToast, askKeyboard, askToasts, formatAskRetry } from '../render/asks.ts';
import { wordsForGroups } from '../words.ts';
import type { AskRecord } from '../../storage/asks.ts';

/** What giving did, for the request: time left (one computer), or a failure kind when it may or may not have worked. */
function givenOutcome(outcome: ApplyOutcome): { secondsLeft: number | undefined; failure: string | undefined; surelyNotRun: boolean } {
  if (outcome.kind === 'duplicate') return { secondsLeft: undefined, failure: undefined, surelyNotRun: false };
  const results = outcome.results.map(({ result }) => result);
  const failures = results.flatMap((result) => (result.ok ? [] : [result.error]));
  const surelyNotRun = failures.length === results.length && failures.every((failure) => !mayHaveRun(failure));
  const [only] = results;
  const secondsLeft = results.length === 1 && only?.ok === true && only.value.kind === 'read-back' ? only.value.info.secondsLeft : undefined;
  return { secondsLeft, failure: failures[0]?.kind, surelyNotRun };
}

/**
 * The buttons under a child's request. The first answer wins, exactly once: a give changes the time (through the
 * ledger, like any change), then every copy shows the outcome and the child is told. A later tap, by anyone, on any
 * copy, gets "… already answered". A give that surely did not run (the computer was off) reopens the request.
 */
export function askAnswersFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, store, logger, now, translations } = deps;
  const flow = { outbox: deps.outbox, config, asks: store.asks, logger, translations };
  const feature = new Composer<BotContext>();

  /**
   * A tap on a request that is over: say who answered. A denied or expired one is shown on the copies again (a copy
   * an edit missed); a given one is left to its giver, whose change may still be running.
   */
  async function closed(ctx: BotContext, ask: AskRecord): Promise<void> {
    await answerQuietly(ctx, { text: askClosedToast(ctx.words, ask) });
    // Run out, but not yet swept: close it now (its copies say so, the child is told).
    if (ask.state.kind === 'open') await expireDueAsks({ asks: store.asks, logger, chats: deps.chats }, now());
    else if (ask.state.kind !== 'given') await showAskOutcome(flow, ask);
  }

  feature.use(
    onButtons(['ask-deny'], config, async (ctx, { askId }) => {
      const actor = actorOf(ctx);
      const toasts = askToasts(ctx.words);
      const claim = store.asks.claim(askId, { kind: 'deny', byId: actor.id, byName: actor.name }, now());
      if (claim.kind === 'unknown') return answerQuietly(ctx, { text: toasts.unknown });
      if (claim.kind === 'closed') return closed(ctx, claim.ask);
      logger.info({ action: 'ask-denied', ask: askId, user: actor.id }, 'request denied');
      await answerQuietly(ctx, { text: toasts.denied });
      await showAskOutcome(flow, claim.ask);
      await tellChild(flow, claim.ask);
    }),
  );

  feature.use(
    onButtons(['ask-give'], config, async (ctx, { askId, machine, minutes }, message) => {
      const toasts = askToasts(ctx.words);
      const ask = store.asks.get(askId);
      if (ask === undefined) return answerQuietly(ctx, { text: toasts.unknown });
      if (!isOfferedGive(config, ask, machine, minutes)) return answerQuietly(ctx, { text: toasts.notOffered });
      const actor = actorOf(ctx);
      // This very tap was handled before (Telegram delivered it again): its changes are in the ledger, and the request
      // shows what came of them. Claiming again could close a reopened request as given with nothing given.
      if (store.changesOfUpdate(ctx.update.update_id).length > 0) return answerQuietly(ctx, { text: toasts.tapHandled });
      const claim = store.asks.claim(askId, { kind: 'give', minutes, machine, byId: actor.id, byName: actor.name }, now());
      if (claim.kind !== 'claimed') return claim.kind === 'closed' ? closed(ctx, claim.ask) : answerQuietly(ctx, { text: toasts.unknown });
      await answerQuietly(ctx, { text: toasts.giving });

      const child = config.children.get(ask.childId);
      const machineIds = machine === ALL_MACHINES ? [...(child?.accounts.keys() ?? [])] : [machine];
      const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery?.id ?? '' };
      const outcome = await applyOnce(deps, actor, update, machineIds.map((machineId) => ({ childId: ask.childId, machineId, minutes })), message.chatId);
      if (outcome.kind === 'duplicate') {
        // Only when a delivery of this tap raced this one: the other one finishes the request.
        return;
      }
      const given = givenOutcome(outcome);
      if (given.surelyNotRun && outcome.kind === 'applied' && child !== undefined) {
        // Nothing ran (the computer was off, say): the request is open again, for anyone to try once more.
        const reopened = store.asks.reopen(askId) ?? ask;
        const first = outcome.results[0];
        const cause = first !== undefined && !first.result.ok ? { machineId: first.request.machineId, failure: first.result.error } : undefined;
        // The copies are the parents' messages, in the groups' language, whoever tapped.
        const words = wordsForGroups(translations, config);
        for (const copy of store.asks.messages(askId)) {
          await deps.outbox.edit(copy.chatId, copy.messageId, formatAskRetry(words, config, reopened, actor.name, cause), { html: true, buttons: askKeyboard(words, child, reopened) });
        }
        return;
      }
      const finished = store.asks.finishGiven(askId, { secondsLeft: given.secondsLeft, failure: given.failure }) ?? claim.ask;
      logger.info({ action: 'ask-given', ask: askId, user: actor.id, minutes, machine, secondsLeft: given.secondsLeft, failure: given.failure }, 'request given');
      await showAskOutcome(flow, finished);
      await tellChild(flow, finished);
    }),
  );
  return feature;
}
