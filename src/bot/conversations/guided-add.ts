import type { Conversation } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import { parseMinutes } from '../add-request.ts';
import { applyOnce, rereadUncertain, type ApplyDependencies } from '../../household/apply.ts';
import { actorOf } from '../actor.ts';
import { keptOf } from '../../household/kept.ts';
import { sendKeptNotice } from '../household-chats.ts';
import { ALL_MACHINES, decodeButtonAction, isGuidedButton, type GuidedButton } from '../callback-data.ts';
import { announceIfPrivate } from '../push.ts';
import { answerQuietly } from '../telegram/answers.ts';
import { formatReread, outcomeLines } from '../render/change.ts';
import { guidedAmountKeyboard, guidedCancelKeyboard, guidedChildKeyboard, guidedMachineKeyboard } from '../render/keyboards.ts';
import { guidedText } from '../render/replies.ts';
import { addProblemText } from '../render/add.ts';
import { wordsForPerson } from '../words.ts';
import type { Translations } from '../../i18n/translations.ts';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Outbox } from '../telegram/outbox.ts';

export const GUIDED_ADD_ID = 'add';

/** How long a step-by-step /add waits for the next tap before it ends. */
export const GUIDED_ADD_TIMEOUT_MS = 5 * 60_000;

type GuidedAnswer = GuidedButton | { readonly kind: 'typed'; readonly text: string };

/** Whether callback data is a step of a step-by-step /add. Pure. */
function isGuidedData(data: string): boolean {
  const decoded = decodeButtonAction(data);
  return decoded.ok && isGuidedButton(decoded.value);
}

/**
 * `/add` without arguments: pick the child, then the computer (or all), then an amount from buttons or typed.
 * Cancel at any step with the button or /cancel. Only updates of the parent who started it reach it (the
 * conversation is stored per chat and parent); anything else they do meanwhile (/status, other buttons) goes on
 * to the normal handlers.
 */
export function guidedAddConversation(deps: ApplyDependencies & { readonly outbox: Outbox; readonly translations: Translations }) {
  const { config, outbox } = deps;
  return async function guidedAdd(conversation: Conversation<Context, Context>, ctx: Context): Promise<void> {
    // A conversation's context does not pass the bot's middleware: the parent's language is chosen here.
    const words = wordsForPerson(deps.translations, config, ctx.from?.language_code);
    const text = guidedText(words);
    const prompt = await ctx.reply(text.whichChild, { reply_markup: guidedChildKeyboard(words, config) });
    const chatId = prompt.chat.id;
    const edit = (text: string, markup?: InlineKeyboardMarkup) =>
      ctx.api.editMessageText(chatId, prompt.message_id, text, { parse_mode: 'HTML', ...(markup === undefined ? {} : { reply_markup: markup }) });
    const cancelled = () => edit(text.cancelled);
    let lastUpdateId = ctx.update.update_id;
    /**
     * Waits for one of our buttons or /cancel, or for typed minutes once `askId` (the question for them) was sent;
     * anything else the parent does meanwhile goes on to the normal handlers.
     */
    const next = async (askId?: number): Promise<GuidedAnswer> => {
      const answer = await conversation.waitUntil(
        (update) => {
          const data = update.callbackQuery?.data;
          if (data !== undefined) return isGuidedData(data) && update.callbackQuery?.message?.message_id === prompt.message_id;
          const text = update.message?.text;
          if (text === undefined) return false;
          if (text.split(/[\s@]/)[0] === '/cancel') return true;
          // In a group, privacy mode only lets replies to the bot's own messages through: the amount is a reply.
          const typedHere = update.chat?.type === 'private' || (askId !== undefined && update.message?.reply_to_message?.message_id === askId);
          return askId !== undefined && typedHere && !text.startsWith('/');
        },
        { next: true },
      );
      lastUpdateId = answer.update.update_id;
      if (answer.callbackQuery !== undefined) {
        await answerQuietly(answer);
        const decoded = decodeButtonAction(answer.callbackQuery.data ?? '');
        return decoded.ok && isGuidedButton(decoded.value) ? decoded.value : { kind: 'guided-cancel' };
      }
      const text = answer.message?.text ?? '';
      return text.startsWith('/cancel') ? { kind: 'guided-cancel' } : { kind: 'typed', text };
    };

    const childAnswer = await next();
    const child = childAnswer.kind === 'guided-child' ? config.children.get(childAnswer.childId) : undefined;
    if (child === undefined) return void (await cancelled());
    let machineIds = [...child.accounts.keys()];
    if (machineIds.length > 1) {
      await edit(text.whichMachine(child.name), guidedMachineKeyboard(words, child));
      const machineAnswer = await next();
      if (machineAnswer.kind !== 'guided-machine' || (machineAnswer.machine !== ALL_MACHINES && !child.accounts.has(machineAnswer.machine))) {
        return void (await cancelled());
      }
      if (machineAnswer.machine !== ALL_MACHINES) machineIds = [machineAnswer.machine];
    }
    const where = text.where(machineIds);
    await edit(text.howMuch(child.name, where), guidedAmountKeyboard(words, config));
    let minutes: number | undefined;
    let answer = await next();
    if (answer.kind === 'guided-amount' && config.telegram.buttons.includes(answer.minutes)) minutes = answer.minutes;
    if (answer.kind === 'guided-other') {
      await edit(text.waitingForMinutes(child.name, where), guidedCancelKeyboard(words));
      const mention = text.mention(ctx.from);
      const ask = await ctx.reply(text.askMinutes(mention), {
        parse_mode: 'HTML',
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: text.minutesPlaceholder },
      });
      let askId = ask.message_id;
      while (minutes === undefined) {
        answer = await next(askId);
        if (answer.kind !== 'typed') break;
        const typed = parseMinutes(answer.text);
        if (typed.ok) minutes = typed.value;
        else {
          const again = await ctx.reply(text.askAgain(mention, addProblemText(words, config, typed.error)), { parse_mode: 'HTML', reply_markup: { force_reply: true, selective: true } });
          askId = again.message_id;
        }
      }
    }
    if (minutes === undefined) return void (await cancelled());
    const amount = minutes;
    const actor = actorOf(ctx);
    const updateId = lastUpdateId;
    await edit(text.applying(amount, child.name, where));
    // The change runs once, outside the conversation's replay, and is recorded under the update of the last step. Its
    // outcome is owed to the chat: it goes through the outbox, once, from there too.
    await conversation.external(async (outside) => {
      const requests = machineIds.map((machineId) => ({ childId: child.id, machineId, minutes: amount }));
      const outcome = await applyOnce(deps, actor, { updateId }, requests, chatId, { keepUnreached: true });
      const reported = outcomeLines(words, config, actor, outcome);
      const rereads = (await rereadUncertain(deps, outcome)).map((reread) => formatReread(words, config, reread));
      await outbox.edit(chatId, prompt.message_id, [...reported, ...rereads].join('\n'), { html: true });
      await sendKeptNotice(deps, words, chatId, keptOf(outcome));
      if (outcome.kind === 'applied') await announceIfPrivate(outside, deps, actor, outcome);
    });
  };
}
