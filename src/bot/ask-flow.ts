import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { messageOf } from '../lib/errors.ts';
import type { AskRecord, AskStore } from '../storage/asks.ts';
import { pushTargets } from './push.ts';
import { askKeyboard, childToldText, formatAskOutcome, formatAskRequest } from './render/asks.ts';
import type { StatusSnapshot } from './status.ts';

/** What sending and closing requests needs. */
export interface AskFlowDependencies {
  readonly config: Config;
  readonly asks: AskStore;
  readonly logger: Logger;
}

/**
 * Sends a child's request to the parents (the chats of `telegram.chats`, or each parent privately) and remembers
 * every copy, so that the answer can be shown on all of them. Returns how many parents' chats got it.
 */
export async function publishAsk(api: Api, { config, asks, logger }: AskFlowDependencies, ask: AskRecord, snapshot: StatusSnapshot): Promise<number> {
  const child = config.children.get(ask.childId);
  if (child === undefined) return 0;
  const text = formatAskRequest(config, ask, snapshot);
  const sent = await Promise.all(
    pushTargets(config).map(async (chatId) => {
      try {
        const message = await api.sendMessage(chatId, text, { parse_mode: 'HTML', reply_markup: askKeyboard(child, ask) });
        asks.addMessage(ask.id, { chatId, messageId: message.message_id });
        return true;
      } catch (error) {
        logger.error({ chat: chatId, ask: ask.id, err: messageOf(error) }, 'request not delivered');
        return false;
      }
    }),
  );
  return sent.filter(Boolean).length;
}

/** Shows a request's outcome on every copy the parents got, without buttons. One copy failing does not stop the rest. */
export async function showAskOutcome(api: Api, { config, asks, logger }: AskFlowDependencies, ask: AskRecord): Promise<void> {
  const text = formatAskOutcome(config, ask);
  await Promise.all(
    asks.messages(ask.id).map(async ({ chatId, messageId }) => {
      try {
        await api.editMessageText(chatId, messageId, text, { parse_mode: 'HTML', reply_markup: { inline_keyboard: [] } });
      } catch (error) {
        if (!messageOf(error).includes('message is not modified')) logger.warn({ chat: chatId, ask: ask.id, err: messageOf(error) }, 'request copy not updated');
      }
    }),
  );
}

/** Tells the child how their request ended, as a reply to their /ask where they asked. */
export async function tellChild(api: Api, { config, logger }: AskFlowDependencies, ask: AskRecord): Promise<void> {
  const text = childToldText(config, ask);
  if (text === '') return;
  try {
    await api.sendMessage(ask.chatId, text, { reply_parameters: { message_id: ask.messageId, allow_sending_without_reply: true } });
  } catch (error) {
    logger.warn({ chat: ask.chatId, ask: ask.id, err: messageOf(error) }, 'child not told');
  }
}

/** Closes the requests that ran out by `now`: their copies say so, and each child is told. */
export async function expireDueAsks(api: Api, deps: AskFlowDependencies, now: number): Promise<number> {
  const expired = deps.asks.expire(now);
  for (const ask of expired) {
    deps.logger.info({ action: 'ask-expired', ask: ask.id, child: ask.childId }, 'request expired');
    await showAskOutcome(api, deps, ask);
    await tellChild(api, deps, ask);
  }
  return expired.length;
}

/**
 * Looks for requests that ran out every `intervalMs` (default: a sixth of `asks.expireMinutes`, at most 30 s, so a
 * request is closed soon after its time); returns the stop.
 */
export function startAskExpiry(api: Api, deps: AskFlowDependencies, { intervalMs = Math.min(30_000, deps.config.asks.expireMs / 6), now = Date.now }: { intervalMs?: number; now?: () => number } = {}): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = expireDueAsks(api, deps, now()).catch((error: unknown) => deps.logger.error({ err: messageOf(error) }, 'request expiry failed'));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
