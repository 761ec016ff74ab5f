import type { Conversation } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { z } from 'zod';
import { ID_PATTERN } from '../config/schema.ts';
import type { ChildConfig } from '../config/types.ts';
import { parseMinutes } from './add-command.ts';
import { actorOf, applyOnce, outcomeLines, rereadUnknown, type ApplyDependencies } from './apply.ts';
import { escapeHtml, formatMinutes } from './format.ts';
import { amountLabel } from './keyboard.ts';
import { answerQuietly } from './answer.ts';

export const GUIDED_ADD_ID = 'add';

/** Callback data of the step-by-step /add: `g:` and a step. */
const GUIDED_PREFIX = 'g:';
const ALL_MACHINES = '*';

export function isGuidedAddData(data: string): boolean {
  return data.startsWith(GUIDED_PREFIX);
}

const id = z.string().regex(ID_PATTERN);
const guidedSchema = z.union([
  z.tuple([z.literal('g'), z.literal('c'), id]).transform(([, , childId]) => ({ step: 'child' as const, childId })),
  z.tuple([z.literal('g'), z.literal('m'), z.union([id, z.literal(ALL_MACHINES)])]).transform(([, , machine]) => ({ step: 'machine' as const, machine })),
  z.tuple([z.literal('g'), z.literal('a'), z.string().regex(/^-?[1-9]\d{0,3}$/).transform(Number)]).transform(([, , minutes]) => ({ step: 'amount' as const, minutes })),
  z.tuple([z.literal('g'), z.literal('o')]).transform(() => ({ step: 'other' as const })),
  z.tuple([z.literal('g'), z.literal('x')]).transform(() => ({ step: 'cancel' as const })),
]);
type GuidedAnswer = z.infer<typeof guidedSchema>;

const button = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: `${GUIDED_PREFIX}${data}` });
const CANCEL_ROW = [button('Cancel', 'x')];
const inRows = (buttons: InlineKeyboardButton[], perRow: number): InlineKeyboardButton[][] =>
  Array.from({ length: Math.ceil(buttons.length / perRow) }, (_, row) => buttons.slice(row * perRow, row * perRow + perRow));

/**
 * `/add` without arguments: pick the child, then the computer (or all), then an amount from buttons or typed.
 * Cancel at any step with the button or /cancel. Only updates of the parent who started it reach it (the
 * conversation is stored per chat and parent); anything else they do meanwhile (/status, other buttons) goes on
 * to the normal handlers.
 */
export function guidedAddConversation(deps: ApplyDependencies, announceIfPrivate: (ctx: Context, lines: readonly string[]) => Promise<void>) {
  const { config } = deps;
  return async function guidedAdd(conversation: Conversation<Context, Context>, ctx: Context): Promise<void> {
    const prompt = await ctx.reply('Whose time do you want to change?', {
      reply_markup: { inline_keyboard: [...inRows([...config.children.values()].map((child) => button(child.name, `c:${child.id}`)), 3), CANCEL_ROW] },
    });
    const chatId = prompt.chat.id;
    const edit = (text: string, markup?: InlineKeyboardMarkup) =>
      ctx.api.editMessageText(chatId, prompt.message_id, text, { parse_mode: 'HTML', ...(markup === undefined ? {} : { reply_markup: markup }) });
    const cancelled = () => edit('Cancelled: nothing was changed.');

    let lastUpdateId = ctx.update.update_id;
    /**
     * Waits for one of our buttons or /cancel, or for typed minutes once `askId` (the question for them) was sent;
     * anything else the parent does meanwhile goes on to the normal handlers.
     */
    const next = async (askId?: number): Promise<GuidedAnswer | { step: 'text'; text: string }> => {
      const answer = await conversation.waitUntil(
        (update) => {
          const data = update.callbackQuery?.data;
          if (data !== undefined) return isGuidedAddData(data) && update.callbackQuery?.message?.message_id === prompt.message_id;
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
        const parsed = guidedSchema.safeParse(answer.callbackQuery.data?.split(':'));
        return parsed.success ? parsed.data : { step: 'cancel' };
      }
      const text = answer.message?.text ?? '';
      return text.startsWith('/cancel') ? { step: 'cancel' } : { step: 'text', text };
    };

    const childAnswer = await next();
    const child: ChildConfig | undefined = childAnswer.step === 'child' ? config.children.get(childAnswer.childId) : undefined;
    if (child === undefined) return void (await cancelled());

    let machineIds = [...child.accounts.keys()];
    if (machineIds.length > 1) {
      await edit(`Which computer of <b>${escapeHtml(child.name)}</b>?`, {
        inline_keyboard: [...inRows([...machineIds.map((machineId) => button(machineId, `m:${machineId}`)), button('All', `m:${ALL_MACHINES}`)], 3), CANCEL_ROW],
      });
      const machineAnswer = await next();
      if (machineAnswer.step !== 'machine' || (machineAnswer.machine !== ALL_MACHINES && !child.accounts.has(machineAnswer.machine))) {
        return void (await cancelled());
      }
      if (machineAnswer.machine !== ALL_MACHINES) machineIds = [machineAnswer.machine];
    }

    const where = machineIds.length === 1 ? `on ${escapeHtml(machineIds[0] ?? '')}` : 'on all computers';
    await edit(`How much for <b>${escapeHtml(child.name)}</b> ${where}? (minutes)`, {
      inline_keyboard: [[...config.telegram.buttons.map((minutes) => button(amountLabel(minutes), `a:${minutes}`)), button('Other…', 'o')], CANCEL_ROW],
    });
    let minutes: number | undefined;
    let answer = await next();
    if (answer.step === 'amount' && config.telegram.buttons.includes(answer.minutes)) minutes = answer.minutes;
    if (answer.step === 'other') {
      await edit(`How much for <b>${escapeHtml(child.name)}</b> ${where}? Waiting for the number of minutes…`, { inline_keyboard: [CANCEL_ROW] });
      const parent = ctx.from;
      const mention = parent === undefined ? '' : `<a href="tg://user?id=${parent.id}">${escapeHtml(parent.first_name)}</a>, `;
      const ask = await ctx.reply(`${mention}reply with the number of minutes, e.g. 20 or -10.`, {
        parse_mode: 'HTML',
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: 'minutes, e.g. 20 or -10' },
      });
      let askId = ask.message_id;
      while (minutes === undefined) {
        answer = await next(askId);
        if (answer.step !== 'text') break;
        const typed = parseMinutes(answer.text);
        if (typed.ok) minutes = typed.value;
        else {
          const again = await ctx.reply(`${mention}${escapeHtml(typed.error)} Reply with a number like 20 or -10, or send /cancel.`, {
            parse_mode: 'HTML',
            reply_markup: { force_reply: true, selective: true },
          });
          askId = again.message_id;
        }
      }
    }
    if (minutes === undefined) return void (await cancelled());

    const amount = minutes;
    const actor = actorOf(ctx);
    const updateId = lastUpdateId;
    await edit(`${formatMinutes(amount)} for <b>${escapeHtml(child.name)}</b> ${where}…`);
    // The change runs once, outside the conversation's replay, and is recorded under the update of the last step.
    const lines = await conversation.external(async (outside) => {
      const requests = machineIds.map((machineId) => ({ childId: child.id, machineId, minutes: amount }));
      const outcome = await applyOnce(deps, actor, { updateId }, requests, chatId);
      const reported = outcomeLines(deps.config, actor, outcome);
      if (outcome.kind === 'applied') await announceIfPrivate(outside, reported);
      return [...reported, ...(await rereadUnknown(deps, outcome))];
    });
    await edit(lines.join('\n'));
  };
}
