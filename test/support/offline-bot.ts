import { FakeRulesClient } from './fake-rules-client.ts';
import { afterEach } from 'vitest';
import { Api, type Bot } from 'grammy';
import type { Outbox } from '../../src/bot/telegram/outbox.ts';
import type { ApiResponse, Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { pino, type Logger } from 'pino';
import { createBot } from '../../src/bot/create-bot.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { Config } from '../../src/config/types.ts';
import { err, ok, type Result } from '../../src/lib/result.ts';
import type { Store } from '../../src/storage/store.ts';
import type { MachineFailure, TimeChange, TimekprClient, UsersInfo } from '../../src/timekpr/client.ts';
import type { TimeOperation } from '../../src/timekpr/commands.ts';
import type { TimekpraProblem, UserInfo } from '../../src/timekpr/parse.ts';
import { CHILD_LEO, CHILD_MIA, FAMILY_CHAT, PARENT_ANNA, PARENT_BEN, familyConfig, silentLogger, tempStore, userInfo } from './bot-config.ts';
import { translations } from './words.ts';
import type { Chats } from '../../src/household/chats.ts';

/*
 * The bot, offline, in grammY's own testing style: `createBot` with a fixed `botInfo`, updates fed to
 * `bot.handleUpdate`, every outgoing Bot API call recorded and answered with a canned result, and a fake
 * TimekprClient instead of SSH. No network, no test host.
 */

// ---------------------------------------------------------------------------------------------------------------
// Who and where

export const BOT_INFO: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: 'Timekpr',
  username: 'timekpr_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export const ANNA: User = { id: PARENT_ANNA, is_bot: false, first_name: 'Anna' };
export const BEN: User = { id: PARENT_BEN, is_bot: false, first_name: 'Ben' };
/** Mia herself: she sits in the family group, but is no parent. */
export const MIA_USER: User = { id: CHILD_MIA, is_bot: false, first_name: 'Mia' };
/** Leo himself (a known child only in `familyWithChildrenConfig()`, like Mia). */
export const LEO_USER: User = { id: CHILD_LEO, is_bot: false, first_name: 'Leo' };
export const STRANGER: User = { id: 7770007, is_bot: false, first_name: 'Eve' };

/** A parent's (or anyone's) private chat with the bot. */
export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: 'private', first_name: user.first_name };
}

/** The family group of the config (`telegram.chats`). */
export const FAMILY_GROUP: Chat.SupergroupChat = { id: FAMILY_CHAT, type: 'supergroup', title: 'Family' };
/** A group the config does not list. */
export const FOREIGN_GROUP: Chat.SupergroupChat = { id: -1009876543210, type: 'supergroup', title: 'Neighbours' };

// ---------------------------------------------------------------------------------------------------------------
// Updates

let lastUpdateId = 10_000;
let lastIncomingMessageId = 50_000;
let lastQueryId = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A text message; a leading `/command` (with an optional `@bot` suffix) gets its bot_command entity. */
export function message(from: User, chat: Chat, text: string, extra: { readonly replyTo?: Message } = {}): Update {
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  return {
    update_id: ++lastUpdateId,
    message: {
      message_id: ++lastIncomingMessageId,
      date: nowSeconds(),
      chat,
      from,
      text,
      ...(command === null ? {} : { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
      ...(extra.replyTo === undefined ? {} : { reply_to_message: extra.replyTo }),
    } as Message & Update.NonChannel,
  };
}

/**
 * A tap on an inline button with callback `data`, under the bot's message `messageId` in `chat` (whose text is
 * `text`). Without `messageId` the query carries no message at all (as for a message sent inline).
 */
export function tap(from: User, chat: Chat, data: string, messageId?: number, text = ''): Update {
  const query = { id: `q${++lastQueryId}`, from, chat_instance: `ci${chat.id}`, data };
  if (messageId === undefined) return { update_id: ++lastUpdateId, callback_query: { ...query, inline_message_id: `inline${lastQueryId}` } };
  const shown: Message.TextMessage = { message_id: messageId, date: nowSeconds(), chat, from: BOT_INFO, text };
  return { update_id: ++lastUpdateId, callback_query: { ...query, message: shown } };
}

/** A tap on a button under `shown`, a message the bot sent (as recorded by `RecordingApi`). */
export function tapOn(from: User, shown: Message.TextMessage, data: string): Update {
  return tap(from, shown.chat, data, shown.message_id, shown.text);
}

/** The callback data of every inline button in a call's `reply_markup`, row by row. */
export function buttonsOf(payload: Record<string, unknown> | undefined): string[] {
  const markup = payload?.['reply_markup'] as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// The Bot API, recorded

export interface ApiCall {
  readonly method: string;
  /** What Telegram received (the JSON body). */
  readonly payload: Record<string, unknown>;
  /** What it answered. */
  readonly response: ApiResponse<unknown>;
}

/** A failed Bot API answer, as Telegram sends it. */
export type ApiErrorResponse = {
  readonly ok: false;
  readonly error_code: number;
  readonly description: string;
  readonly parameters?: { readonly retry_after?: number; readonly migrate_to_chat_id?: number };
};

export const MESSAGE_NOT_MODIFIED: ApiErrorResponse = {
  ok: false,
  error_code: 400,
  description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
};
export const QUERY_TOO_OLD: ApiErrorResponse = {
  ok: false,
  error_code: 400,
  description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
};

/**
 * Records every Bot API call and answers it with a canned result: sendMessage and editMessageText a Message (new
 * message ids count up) in the payload's chat, sendPhoto (a multipart upload, recorded with the file's bytes) a photo
 * Message, everything else `true`. As Telegram, it takes one answer per callback query: a second gets 400. An error
 * can be queued for a method's next call.
 */
export class RecordingApi {
  readonly calls: ApiCall[] = [];
  #lastMessageId = 0;
  readonly #failures = new Map<string, ApiErrorResponse[]>();
  readonly #answeredQueries = new Set<string>();

  /** The next call of `method` fails with `response` (Telegram's "message is not modified" by default). */
  failNext(method: string, response: ApiErrorResponse = MESSAGE_NOT_MODIFIED): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), response]);
  }

  /** The payloads of the calls of `method`, in order. */
  payloadsOf(method: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.payload);
  }

  /** The methods called, in order. */
  methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  /** The text of each message sent or edited, in order. */
  texts(): string[] {
    return this.calls.filter((call) => call.method === 'sendMessage' || call.method === 'editMessageText').map((call) => textOf(call.payload['text']));
  }

  /** The toast (or alert) texts of answerCallbackQuery, in order. */
  toasts(): string[] {
    return this.payloadsOf('answerCallbackQuery').map((payload) => textOf(payload['text']));
  }

  /** Forgets the calls recorded so far. */
  clear(): void {
    this.calls.length = 0;
  }

  /** The messages the bot sent (the results of sendMessage), in order. */
  sentMessages(): Message.TextMessage[] {
    return this.calls.flatMap((call) => (call.method === 'sendMessage' && call.response.ok ? [call.response.result as Message.TextMessage] : []));
  }

  /** The last message the bot sent; throws if it sent none. */
  lastSent(): Message.TextMessage {
    const sent = this.sentMessages().at(-1);
    if (sent === undefined) throw new Error(`the bot sent no message; calls: ${this.methods().join(', ')}`);
    return sent;
  }

  /** The canned answer to a call; records both. */
  respond(method: string, payload: Record<string, unknown>): ApiResponse<unknown> {
    const response = this.#answer(method, payload);
    this.calls.push({ method, payload, response });
    return response;
  }

  #answer(method: string, payload: Record<string, unknown>): ApiResponse<unknown> {
    const failure = this.#failures.get(method)?.shift();
    if (failure !== undefined) return failure;
    switch (method) {
      case 'sendMessage':
        return { ok: true, result: this.#message(++this.#lastMessageId, payload) };
      case 'editMessageText':
        return { ok: true, result: this.#message(Number(payload['message_id']), payload) };
      case 'sendPhoto':
        return { ok: true, result: { message_id: ++this.#lastMessageId, date: nowSeconds(), chat: chatOf(payload), from: BOT_INFO, photo: [], caption: textOf(payload['caption']) } };
      case 'answerCallbackQuery': {
        const queryId = String(payload['callback_query_id']);
        if (this.#answeredQueries.has(queryId)) return QUERY_TOO_OLD;
        this.#answeredQueries.add(queryId);
        return { ok: true, result: true };
      }
      case 'getMe':
        return { ok: true, result: BOT_INFO };
      default:
        return { ok: true, result: true };
    }
  }

  /**
   * A `fetch` for grammY's API client that records each call and answers it without any network: what Telegram
   * would receive (the JSON body) and what it would answer (a canned result, or the queued error).
   */
  readonly fetch = (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = (typeof url === 'string' ? url : url instanceof URL ? url.href : url.url).split('/').pop() ?? '';
    const answer = (payload: Record<string, unknown>) => new Response(JSON.stringify(this.respond(method, payload)), { headers: { 'content-type': 'application/json' } });
    // A file (sendPhoto) comes as a multipart/form-data stream: read it first.
    if (init?.body !== undefined && init.body !== null && typeof init.body !== 'string') return formPayload(init).then(answer);
    return Promise.resolve(answer(typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}));
  };

  #message(messageId: number, payload: Record<string, unknown>): Message {
    const chat = chatOf(payload);
    const text = textOf(payload['text']);
    // What a client shows (and a callback query carries): the text without its HTML.
    const shown = payload['parse_mode'] === 'HTML' ? unescapeHtml(text.replace(/<[^>]*>/g, '')) : text;
    return { message_id: messageId, date: nowSeconds(), chat, from: BOT_INFO, text: shown };
  }
}

/** The chat of a call's `chat_id`: a parent's private chat, or a group. */
function chatOf(payload: Record<string, unknown>): Chat {
  const chatId = Number(payload['chat_id']);
  return chatId > 0 ? { id: chatId, type: 'private', first_name: 'Parent' } : { id: chatId, type: 'supergroup', title: 'Group' };
}

/**
 * The fields of a multipart/form-data body, as grammY sends a file: each field as the string sent, and a field that
 * points to an uploaded file (`attach://…`) as that file, `{ file_name, content }`.
 */
async function formPayload(init: RequestInit): Promise<Record<string, unknown>> {
  const type = new Headers(init.headers).get('content-type') ?? '';
  // grammY's body is a Node stream, which is async iterable: Response reads that too.
  const form = await new Response(init.body, { headers: { 'content-type': type } }).formData();
  const fields = new Map<string, unknown>();
  for (const [name, value] of form) fields.set(name, typeof value === 'string' ? value : { file_name: value.name, content: Buffer.from(await value.arrayBuffer()) });
  const payload: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    const attached = typeof value === 'string' && value.startsWith('attach://') ? value.slice('attach://'.length) : undefined;
    if (attached !== undefined && fields.has(attached)) payload[name] = fields.get(attached);
    else if (![...fields.values()].includes(`attach://${name}`)) payload[name] = value;
  }
  return payload;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const unescapeHtml = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

// ---------------------------------------------------------------------------------------------------------------
// Timekpr-nExT, faked

export interface ChangeCall {
  readonly machineId: string;
  readonly login: string;
  readonly operation: TimeOperation;
  readonly seconds: number;
}

export interface UsersInfoCall {
  readonly machineId: string;
  readonly logins: readonly string[];
}

type ClientMethod = 'knownUsers' | 'usersInfo' | 'changeTimeLeft' | 'changePlayTimeLeft';

/**
 * A TimekprClient over an in-memory state: every account of the config starts logged out with an hour left, and
 * a change really changes the time left, so a re-read shows it. Failures can be set per machine or per account,
 * and a call can be made to throw.
 */
export class FakeTimekprClient implements TimekprClient {
  readonly changeCalls: ChangeCall[] = [];
  /** The PlayTime changes asked for. */
  readonly playCalls: ChangeCall[] = [];
  readonly usersInfoCalls: UsersInfoCall[] = [];
  readonly #accounts = new Map<string, UserInfo>();
  /** The whole machine answers this (unreachable, daemon stopped…). */
  readonly #machineFailures = new Map<string, MachineFailure>();
  /** A change of this account fails with this, and is not applied. */
  readonly #changeFailures = new Map<string, MachineFailure>();
  /** Reading this account fails with this (also right after a change: then it is not read back). */
  readonly #readFailures = new Map<string, TimekpraProblem>();
  /** Timekpr-nExT keeps this account's time left at most this (allowed hours, midnight): a change shows capped. */
  readonly #caps = new Map<string, number>();
  readonly #throws = new Map<ClientMethod, Error>();
  /** When set, every change waits for it before it runs (to catch the bot in the middle of one). */
  gate: Promise<void> | undefined;

  constructor(config: Config) {
    for (const child of config.children.values()) for (const [machineId, login] of child.accounts) this.#accounts.set(key(machineId, login), userInfo(login));
  }

  secondsLeft(machineId: string, login: string): number | undefined {
    return this.#accounts.get(key(machineId, login))?.secondsLeft;
  }

  setSecondsLeft(machineId: string, login: string, secondsLeft: number, fields: Partial<Omit<UserInfo, 'login' | 'secondsLeft'>> = {}): void {
    this.#accounts.set(key(machineId, login), userInfo(login, { ...this.#accounts.get(key(machineId, login)), ...fields, secondsLeft }));
  }

  failMachine(machineId: string, failure: MachineFailure | undefined): void {
    setOrDelete(this.#machineFailures, machineId, failure);
  }

  failChange(machineId: string, login: string, failure: MachineFailure | undefined): void {
    setOrDelete(this.#changeFailures, key(machineId, login), failure);
  }

  failRead(machineId: string, login: string, problem: TimekpraProblem | undefined): void {
    setOrDelete(this.#readFailures, key(machineId, login), problem);
  }

  capAt(machineId: string, login: string, maxSecondsLeft: number | undefined): void {
    setOrDelete(this.#caps, key(machineId, login), maxSecondsLeft);
  }

  /** The next call of `method` throws `error` (a bug, as far as the bot can tell). */
  throwNext(method: ClientMethod, error: Error): void {
    this.#throws.set(method, error);
  }

  knownUsers(machineId: string): Promise<Result<string[], MachineFailure>> {
    return this.#answer('knownUsers', () => {
      const failure = this.#machineFailures.get(machineId);
      if (failure !== undefined) return err(failure);
      return ok([...this.#accounts.keys()].filter((each) => each.startsWith(`${machineId}/`)).map((each) => each.slice(machineId.length + 1)));
    });
  }

  usersInfo(machineId: string, logins: readonly string[]): Promise<Result<UsersInfo, MachineFailure>> {
    this.usersInfoCalls.push({ machineId, logins: [...logins] });
    return this.#answer('usersInfo', () => {
      const failure = this.#machineFailures.get(machineId);
      if (failure !== undefined) return err(failure);
      return ok(new Map(logins.map((login) => [login, this.#read(machineId, login)])));
    });
  }

  async changeTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>> {
    this.changeCalls.push({ machineId, login, operation, seconds });
    await this.gate;
    return this.#answer('changeTimeLeft', (): Result<TimeChange, MachineFailure> => {
      const failure = this.#machineFailures.get(machineId) ?? this.#changeFailures.get(key(machineId, login));
      if (failure !== undefined) return err(failure);
      const account = this.#accounts.get(key(machineId, login));
      if (account === undefined) return err({ kind: 'unknown-user', login });
      const wanted = operation === '=' ? seconds : Math.max(0, account.secondsLeft + (operation === '+' ? seconds : -seconds));
      const cap = this.#caps.get(key(machineId, login));
      const capped = cap !== undefined && wanted > cap;
      this.setSecondsLeft(machineId, login, capped ? cap : wanted);
      const read = this.#read(machineId, login);
      return ok(read.ok ? { kind: 'read-back', info: read.value, capped } : { kind: 'not-read-back', readFailure: read.error });
    });
  }

  /** PlayTime left changes only for an account whose PlayTime is on (`playTimeLeftSeconds` set), as the daemon's. */
  async changePlayTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>> {
    this.playCalls.push({ machineId, login, operation, seconds });
    await this.gate;
    return this.#answer('changePlayTimeLeft', (): Result<TimeChange, MachineFailure> => {
      const failure = this.#machineFailures.get(machineId) ?? this.#changeFailures.get(key(machineId, login));
      if (failure !== undefined) return err(failure);
      const account = this.#accounts.get(key(machineId, login));
      if (account === undefined) return err({ kind: 'unknown-user', login });
      const now = account.playTimeLeftSeconds ?? 0;
      const wanted = operation === '=' ? seconds : Math.max(0, now + (operation === '+' ? seconds : -seconds));
      this.#accounts.set(key(machineId, login), { ...account, playTimeLeftSeconds: wanted });
      const read = this.#read(machineId, login);
      return ok(read.ok ? { kind: 'read-back', info: read.value, capped: false } : { kind: 'not-read-back', readFailure: read.error });
    });
  }

  #read(machineId: string, login: string): Result<UserInfo, TimekpraProblem> {
    const problem = this.#readFailures.get(key(machineId, login));
    if (problem !== undefined) return err(problem);
    const account = this.#accounts.get(key(machineId, login));
    return account === undefined ? err({ kind: 'unknown-user', login }) : ok(account);
  }

  /** The answer to a call, or the error it was told to throw (as a rejection, like the real client's). */
  #answer<T>(method: ClientMethod, answer: () => T): Promise<T> {
    const error = this.#throws.get(method);
    if (error === undefined) return Promise.resolve(answer());
    this.#throws.delete(method);
    return Promise.reject(error);
  }
}

const key = (machineId: string, login: string) => `${machineId}/${login}`;

function setOrDelete<V>(map: Map<string, V>, mapKey: string, value: V | undefined): void {
  if (value === undefined) map.delete(mapKey);
  else map.set(mapKey, value);
}

// ---------------------------------------------------------------------------------------------------------------
// The log

/** A pino logger whose JSON lines are kept, parsed, in `lines`. */
export function capturingLogger(level = 'debug'): { readonly logger: Logger; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

// ---------------------------------------------------------------------------------------------------------------
// The harness

export interface OfflineBotOptions {
  /** Default: the test family (`familyConfig()`). */
  readonly config?: Config;
  /** Default: a silent logger. */
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface OfflineBot {
  readonly bot: Bot<BotContext>;
  readonly config: Config;
  /** Every Bot API call the bot made, answered offline. */
  readonly api: RecordingApi;
  /**
   * An Api for what the bot sends outside of an update (alerts, the report after a restart), recorded in `api`
   * too. (`bot.api` itself was built before the recording could be put in: it is not recorded.)
   */
  readonly outsideApi: Api;
  /** The bot's outbox: what the bot sends outside of an update (alerts, kept changes) goes through it, recorded in `api`. */
  readonly outbox: Outbox;
  /** The household's port to the chats, as the bot implements it (over `outbox`). */
  readonly chats: Chats;
  readonly client: FakeTimekprClient;
  /** The children's house rules, in memory. */
  readonly rules: FakeRulesClient;
  readonly store: Store;
  /** The database file of `store` (to open it again, as a restarted bot would). */
  readonly storeFile: string;
  /** Handles one update (as grammY's runner would) and waits until the bot is idle again. */
  readonly send: (update: Update) => Promise<void>;
  readonly whenIdle: () => Promise<void>;
  /** Closes the store and deletes its folder. */
  readonly cleanup: () => Promise<void>;
}

/** Where a call that somehow bypassed the recording would go: nowhere (the discard port on this machine). */
const NO_TELEGRAM = 'http://127.0.0.1:9';

/**
 * The bot of `createBot`, offline. Every Bot API call a handler makes, including those of the step-by-step /add
 * conversation, is recorded in `api` and answered there.
 *
 * How: grammY builds each update's `ctx.api` (and the conversations plugin each conversation's Api) from the
 * bot's client options, so the recording `fetch` is put into those options. It sits below every transformer, as
 * the network would: the bot's own (the flood retry) run as in production, and inside a conversation a call that
 * is only replayed from the conversation's log is neither recorded nor answered again. (A transformer passed as
 * `apiTransformers` cannot do that: in a conversation's Api it sits above the replay log, so it would see each
 * replayed call again, and a canned answer there would hand the replay a new message id.)
 */
export function startOfflineBot(options: OfflineBotOptions = {}): OfflineBot {
  const config = options.config ?? familyConfig();
  const api = new RecordingApi();
  const client = new FakeTimekprClient(config);
  const rules = new FakeRulesClient();
  const { store, file, remove } = tempStore();
  const { bot, outbox, chats, whenIdle } = createBot({
    token: '123456:offline',
    config: { ...config, telegram: { ...config.telegram, apiRoot: NO_TELEGRAM } },
    client,
    rules,
    store,
    logger: options.logger ?? silentLogger(),
    translations,
    ...(options.now === undefined ? {} : { now: options.now }),
    botInfo: BOT_INFO,
    // Every call the bot makes, through its own Api or any context's, is answered offline and recorded.
    fetch: api.fetch,
  });
  const clientOptions = bot.api.options;
  if (clientOptions === undefined) throw new Error('createBot gave the bot no API client options');
  return {
    bot,
    config,
    api,
    outsideApi: new Api(bot.token, clientOptions),
    client,
    rules,
    store,
    storeFile: file,
    send: async (update) => {
      await bot.handleUpdate(update);
      await whenIdle();
    },
    whenIdle,
    outbox,
    chats,
    cleanup: async () => {
      await whenIdle();
      await outbox.stop();
      remove();
    },
  };
}

/**
 * For a test file: returns a `start` that builds an offline bot for the current test; each one is cleaned up after
 * its test.
 */
export function offlineBotPerTest(): (options?: OfflineBotOptions) => OfflineBot {
  let offline: OfflineBot | undefined;
  afterEach(async () => {
    await offline?.cleanup();
    offline = undefined;
  });
  return (options = {}) => {
    offline = startOfflineBot(options);
    return offline;
  };
}
