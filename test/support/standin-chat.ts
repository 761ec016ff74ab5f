import type { BotApiStandin, RecordedCall, TestChat, TestUser } from './bot-api-standin.ts';

/** The text of a sendMessage or editMessageText call ('' if it has none). */
export const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');

/** The id of the message a call created (-1 when it failed). */
export const messageIdOf = (call: RecordedCall): number => (call.response?.ok ? (call.response.result as { message_id: number }).message_id : -1);

/** The inline buttons sent with a call, row after row. */
export const buttonsOf = (call: RecordedCall): { text: string; callback_data: string }[] =>
  ((call.params['reply_markup'] as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();

/** Whether a call went to `chat` (a form's chat_id, as for a photo, arrives as text). */
export const sentTo = (call: RecordedCall, chat: TestChat): boolean => Number(call.params['chat_id']) === chat.id;

/** Saying things and tapping buttons in one chat of the stand-in, waiting for the bot's answer each time. */
export function chatWith(api: BotApiStandin, chat: TestChat) {
  return {
    /** Sends `text` and resolves with the bot's next `method` call (sendMessage by default) to this chat. */
    async say(from: TestUser, text: string, method = 'sendMessage'): Promise<RecordedCall> {
      const after = api.calls.length;
      api.sendText({ from, chat, text });
      return api.waitForCall(method, (call) => sentTo(call, chat), { after, timeoutMs: 30_000 });
    },
    /** Taps the button labelled `label` under `message`; resolves with the toast the bot answered. */
    async tap(from: TestUser, message: RecordedCall, label: string): Promise<string | undefined> {
      const after = api.calls.length;
      const data = buttonsOf(message).find((button) => button.text === label)?.callback_data ?? '';
      const update = api.pressButton({ from, chat, messageId: messageIdOf(message), data });
      await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === update.callback_query?.id, { after, timeoutMs: 20_000 });
      return api.callbackAnswer(update.callback_query?.id ?? '')?.text;
    },
  };
}
