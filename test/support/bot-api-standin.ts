import http from 'node:http';
import { z } from 'zod';
import type { BotCommand, CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User, UserFromGetMe } from 'grammy/types';

/**
 * A local stand-in for the Telegram Bot API, for end-to-end tests of a grammY bot: point the bot at
 * `client: { apiRoot: handle.apiRoot }`, inject what users do (`sendText`, `pressButton`) and watch what the
 * bot calls (`calls`, `waitForCall`, `messages`). Only the methods the bot uses are implemented; they answer
 * with Telegram's own error texts. Listens on 127.0.0.1 only, on a free port.
 */

/** What the API answers. An error goes out with the HTTP status `error_code`, as Telegram does. */
export type ApiResponse = { ok: true; result: unknown } | ApiError;
export type ApiError = { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** One request to the stand-in. `response` is undefined while pending, and stays so if the client hung up. */
export interface RecordedCall { method: string; params: Record<string, unknown>; at: number; response: ApiResponse | undefined }

/** One state of a bot message; `at` is when it took this state (ms). */
export interface MessageVersion { text: string; parseMode: string | undefined; replyMarkup: unknown; at: number }

/** A message the bot sent and has not deleted: its latest state, the Telegram object, and earlier versions (oldest first). */
export interface StoredMessage extends MessageVersion { chatId: number; messageId: number; message: Message.TextMessage; history: MessageVersion[] }

export type TestUser = Omit<User, 'is_bot'>;
export interface TestChat { id: number; type: 'private' | 'group' | 'supergroup'; title?: string }
export interface WaitOptions { timeoutMs?: number }

export interface BotApiStandinOptions {
  /** The only token accepted; any other gets 401 Unauthorized. */
  token: string;
  /** Overrides for getMe. Default: id from the token's digits before ':', username `standin_bot`. */
  botUser?: Partial<Omit<UserFromGetMe, 'is_bot'>>;
  /** update_id of the first injected update. Default 1. */
  firstUpdateId?: number;
}

export interface BotApiStandin {
  /** `http://127.0.0.1:<port>`: pass as grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly botUser: UserFromGetMe;
  /** Every request, in arrival order. */
  readonly calls: readonly RecordedCall[];
  /** A user writes `text` (a leading `/command` gets its bot_command entity). Returns the update. */
  sendText(input: { from: TestUser; chat: TestChat; text: string }): Update;
  /** A user presses the inline button with callback data `data` under bot message `messageId`. Throws if there is none. */
  pressButton(input: { from: TestUser; chat: TestChat; messageId: number; data: string }): Update;
  /**
   * Delivers `update` again, with the same update_id, as Telegram does when it never got the bot's confirmation
   * (the bot crashed or was killed before its next getUpdates). Use it while no bot is polling.
   */
  redeliver(update: Update): void;
  /** Any other update; the stand-in assigns `update_id`. */
  pushUpdate(update: Omit<Update, 'update_id'>): Update;
  /**
   * The next call of `method` waits for `hook` before it is answered. If the bot's connection is gone by then (the
   * hook switched a relay off, say), the call is not carried out: Telegram never got it.
   */
  beforeAnswer(method: string, hook: () => Promise<void>): void;
  /** The next `times` calls of `method` answer `error` (HTTP status = `error_code`). */
  failNext(method: string, error: Omit<ApiError, 'ok'>, times?: number): void;
  /** First answered call of `method` at index ≥ `after` that satisfies `predicate`. Rejects after `timeoutMs` (10 s). */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, options?: WaitOptions & { after?: number }): Promise<RecordedCall>;
  /** Resolves once a getUpdates with offset > `updateId` arrived, i.e. the bot will never get that update again. */
  waitForUpdatesConfirmed(updateId: number, options?: WaitOptions): Promise<void>;
  /** The bot's messages in a chat that still exist, oldest first (copies). */
  messages(chatId: number): StoredMessage[];
  /** How the bot answered a callback query, if it did. */
  callbackAnswer(callbackQueryId: string): { text: string | undefined; showAlert: boolean } | undefined;
  /** Ends pending long polls (they answer `[]`) and stops listening. Stop polling bots first, or they retry forever. */
  close(): Promise<void>;
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const QUERY_TOO_OLD = 'Bad Request: query is too old and response timeout expired or query ID is invalid';
const DEFAULT_TIMEOUT_MS = 10_000;

const ok = (result: unknown): ApiResponse => ({ ok: true, result });
const fail = (error_code: number, description: string): ApiError => ({ ok: false, error_code, description });

// Params arrive as JSON numbers, or as strings from form bodies and query strings.
const int = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const markup = z.record(z.string(), z.unknown());
const text = z.string().min(1, 'message text is empty').max(4096, 'message is too long');
const target = { chat_id: int, message_id: int };
const commandScope = { scope: z.unknown().optional(), language_code: z.string().optional() };
const botCommand = z.object({ command: z.string().regex(/^[a-z0-9_]{1,32}$/, 'BOT_COMMAND_INVALID'), description: z.string().min(1).max(256) });

type Handler = (params: Record<string, unknown>, hungUp: AbortSignal) => ApiResponse | Promise<ApiResponse>;

/** A handler that validates its params first; a zod issue becomes Telegram's 400 "Bad Request: …". */
function validated<S extends z.ZodType>(schema: S, run: (params: z.output<S>, hungUp: AbortSignal) => ApiResponse | Promise<ApiResponse>): Handler {
  return (params, hungUp) => {
    const parsed = schema.safeParse(params);
    if (parsed.success) return run(parsed.data, hungUp);
    const issue = parsed.error.issues[0];
    return fail(400, `Bad Request: ${issue?.path.join('.') || 'parameters'}: ${issue?.message ?? 'invalid'}`);
  };
}

/** The HTML parse_mode check Telegram does: only its tags, properly nested; a bare `<` is an error. */
function htmlProblem(source: string): string | undefined {
  const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
  const open: string[] = [];
  for (const match of source.matchAll(/<(\/?)([a-z-]*)[^<>]*>|</gi)) {
    const at = `at byte offset ${Buffer.byteLength(source.slice(0, match.index))}`;
    const [, closing, name = ''] = match;
    if (closing === undefined) return `Unexpected end of name token ${at}`;
    if (!allowed.has(name.toLowerCase())) return `Unsupported ${closing ? 'end' : 'start'} tag "${name}" ${at}`;
    if (!closing) open.push(name.toLowerCase());
    else if (open.pop() !== name.toLowerCase()) return `Unmatched end tag ${at}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`;
  }
  return open.length > 0 ? `Can't find end tag corresponding to start tag "${open.at(-1) ?? ''}"` : undefined;
}

/** Only HTML is checked; other parse modes pass as they are. */
function entitiesProblem(parseMode: string | undefined, source: string): ApiError | undefined {
  const problem = parseMode?.toUpperCase() === 'HTML' ? htmlProblem(source) : undefined;
  return problem === undefined ? undefined : fail(400, `Bad Request: can't parse entities: ${problem}`);
}

function commandEntities(input: string): Pick<Message.TextMessage, 'entities'> {
  const command = /^\/\S+/.exec(input)?.[0];
  return command === undefined ? {} : { entities: [{ type: 'bot_command', offset: 0, length: command.length }] };
}

/** An empty inline keyboard is no keyboard; everything else compares by value. */
function sameMarkup(a: unknown, b: unknown): boolean {
  const norm = (m: unknown) => (m === undefined || JSON.stringify(m) === '{"inline_keyboard":[]}' ? undefined : JSON.stringify(m));
  return norm(a) === norm(b);
}

/** Form values are strings; the object-valued fields among them come JSON-encoded, as Telegram expects. */
const JSON_FIELDS = new Set(['reply_markup', 'entities', 'commands', 'scope', 'allowed_updates', 'link_preview_options', 'reply_parameters']);
function fromFormValue(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try { return JSON.parse(value) as unknown; } catch { return value; }
}

async function readParams(req: http.IncomingMessage, url: URL): Promise<Record<string, unknown> | string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) params[key] = fromFormValue(key, value);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return params;
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try { parsed = JSON.parse(body.toString('utf8')); } catch { return "can't parse JSON body"; }
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...params, ...parsed } : 'JSON body must be an object';
  }
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return `unsupported content-type "${type}"`;
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData().catch(() => undefined);
  if (form === undefined) return "can't parse form body";
  // A file (sendPhoto) is kept whole, so a test can look at what was sent.
  for (const [key, value] of form) params[key] = typeof value === 'string' ? fromFormValue(key, value) : { file_name: value.name, file_size: value.size, content: Buffer.from(await value.arrayBuffer()) };
  // A file sent as `attach://<field>` (as grammY does) is the form field of that name.
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.startsWith('attach://')) params[key] = params[value.slice('attach://'.length)];
  }
  return params;
}

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startBotApiStandin(options: BotApiStandinOptions): Promise<BotApiStandin> {
  const botUser: UserFromGetMe = {
    id: Number(/^(\d+):/.exec(options.token)?.[1] ?? 1_000_000), is_bot: true, first_name: 'Standin Bot', username: 'standin_bot',
    can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
    has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false,
    supports_join_request_queries: false, ...options.botUser,
  };
  const botAsSender: User = { id: botUser.id, is_bot: true, first_name: botUser.first_name, username: botUser.username };

  const calls: RecordedCall[] = [];
  const listeners = new Set<() => void>();
  const changed = () => { for (const listener of [...listeners]) listener(); };

  // Updates: `pending` holds every unconfirmed one. A waiting long poll owns the updates pushed to it (`reserved`)
  // until it answers, so two concurrent polls never get the same update.
  interface Poll { limit: number; batch: Update[]; finish: () => void }
  const pending: Update[] = [];
  const polls = new Set<Poll>();
  const reserved = new Set<number>();
  let nextUpdateId = options.firstUpdateId ?? 1;
  let confirmedOffset = 0;
  let closed = false;

  const chats = new Map<number, Exclude<Chat, Chat.ChannelChat>>();
  const stored = new Map<number, Map<number, StoredMessage>>();
  const lastMessageId = new Map<number, number>();
  const callbackQueries = new Map<string, { answer: { text: string | undefined; showAlert: boolean } | undefined }>();
  const failures = new Map<string, Omit<ApiError, 'ok'>[]>();
  const hooks = new Map<string, (() => Promise<void>)[]>();
  const commands = new Map<string, BotCommand[]>(); // by scope and language
  const scopeKey = (p: { scope?: unknown; language_code?: string | undefined }) => JSON.stringify([p.scope ?? null, p.language_code ?? null]);
  let nextCallbackQueryId = 1;

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const newMessageId = (chatId: number) => lastMessageId.set(chatId, (lastMessageId.get(chatId) ?? 0) + 1).get(chatId) ?? 0;
  const chatMessages = (chatId: number) => stored.get(chatId) ?? stored.set(chatId, new Map()).get(chatId)!;

  function rememberChat(chat: TestChat, from: TestUser): Exclude<Chat, Chat.ChannelChat> {
    const full: Exclude<Chat, Chat.ChannelChat> =
      chat.type === 'private'
        ? { id: chat.id, type: 'private', first_name: from.first_name, ...(from.username === undefined ? {} : { username: from.username }) }
        : { id: chat.id, type: chat.type, title: chat.title ?? `Chat ${chat.id}` };
    chats.set(chat.id, full);
    return full;
  }
  /** The bot may write to a chat no update came from yet (e.g. an alert to a parent): a positive id is a private chat. */
  function chatFor(chatId: number): Exclude<Chat, Chat.ChannelChat> {
    return chats.get(chatId) ?? rememberChat({ id: chatId, type: chatId > 0 ? 'private' : 'supergroup' }, { id: chatId, first_name: `User ${chatId}` });
  }

  function render(m: Omit<StoredMessage, 'message' | 'history'>, date: number, editDate?: number): Message.TextMessage {
    const inline = typeof m.replyMarkup === 'object' && m.replyMarkup !== null && 'inline_keyboard' in m.replyMarkup;
    return {
      message_id: m.messageId, date, chat: chatFor(m.chatId), from: botAsSender, text: m.text,
      ...(editDate === undefined ? {} : { edit_date: editDate }),
      ...(inline ? { reply_markup: m.replyMarkup as InlineKeyboardMarkup } : {}),
    };
  }

  function push(update: Omit<Update, 'update_id'>): Update {
    const full: Update = { ...structuredClone(update), update_id: nextUpdateId++ };
    pending.push(full);
    const poll = [...polls].find((p) => p.batch.length < p.limit);
    if (poll !== undefined) {
      poll.batch.push(full);
      reserved.add(full.update_id);
      if (poll.batch.length === 1) setImmediate(poll.finish); // let updates pushed in the same tick join the batch
    }
    changed();
    return structuredClone(full);
  }

  function redeliver(update: Update): void {
    if (!pending.some((u) => u.update_id === update.update_id)) {
      pending.push(structuredClone(update));
      pending.sort((a, b) => a.update_id - b.update_id);
    }
    confirmedOffset = Math.min(confirmedOffset, update.update_id);
    changed();
  }

  function confirm(offset: number): void {
    if (offset < 0) offset = pending.at(offset)?.update_id ?? nextUpdateId; // Telegram: the last -offset updates
    confirmedOffset = Math.max(confirmedOffset, offset);
    while (pending[0] !== undefined && pending[0].update_id < offset) pending.shift();
  }

  function longPoll(limit: number, timeoutSeconds: number, hungUp: AbortSignal): Promise<ApiResponse> {
    return new Promise((resolve) => {
      const poll: Poll = {
        limit,
        batch: [],
        finish: () => {
          if (!polls.delete(poll)) return;
          clearTimeout(timer);
          for (const u of poll.batch) reserved.delete(u.update_id);
          resolve(ok(poll.batch.filter((u) => u.update_id >= confirmedOffset)));
        },
      };
      const timer = setTimeout(poll.finish, timeoutSeconds * 1000);
      hungUp.addEventListener('abort', poll.finish, { once: true });
      polls.add(poll);
    });
  }

  type Edit = Pick<MessageVersion, 'text' | 'parseMode' | 'replyMarkup'>;
  function edit(chatId: number, messageId: number, change: (current: StoredMessage) => Edit): ApiResponse {
    const current = chatMessages(chatId).get(messageId);
    if (current === undefined) return fail(400, 'Bad Request: message to edit not found');
    const next = change(current);
    if (next.text === current.text && next.parseMode === current.parseMode && sameMarkup(next.replyMarkup, current.replyMarkup)) return fail(400, NOT_MODIFIED);
    const { text: oldText, parseMode, replyMarkup, at } = current;
    current.history.push({ text: oldText, parseMode, replyMarkup, at });
    Object.assign(current, next, { at: Date.now() });
    current.message = render(current, current.message.date, nowSeconds());
    return ok(structuredClone(current.message));
  }

  const alwaysTrue: Handler = () => ok(true);
  const handlers: Record<string, Handler> = {
    getMe: () => ok(botUser),
    getUpdates: validated(z.object({ offset: int.optional(), limit: int.optional(), timeout: int.optional() }), (p, hungUp) => {
      if (p.offset !== undefined) confirm(p.offset);
      const limit = Math.min(100, Math.max(1, p.limit ?? 100));
      const ready = pending.filter((u) => !reserved.has(u.update_id)).slice(0, limit);
      changed();
      if (ready.length > 0 || (p.timeout ?? 0) <= 0 || closed) return ok(structuredClone(ready));
      return longPoll(limit, p.timeout ?? 0, hungUp);
    }),
    deleteWebhook: validated(z.object({ drop_pending_updates: bool.optional() }), (p) => {
      if (p.drop_pending_updates === true) confirm(nextUpdateId);
      return ok(true);
    }),
    setMyCommands: validated(z.object({ ...commandScope, commands: z.array(botCommand) }), (p) => {
      commands.set(scopeKey(p), p.commands);
      return ok(true);
    }),
    getMyCommands: validated(z.object(commandScope), (p) => ok(commands.get(scopeKey(p)) ?? [])),
    deleteMyCommands: validated(z.object(commandScope), (p) => {
      commands.delete(scopeKey(p));
      return ok(true);
    }),
    setChatMenuButton: alwaysTrue, setMyDescription: alwaysTrue, setMyShortDescription: alwaysTrue, setMyName: alwaysTrue, sendChatAction: alwaysTrue,
    sendMessage: validated(z.object({ chat_id: int, text, parse_mode: z.string().optional(), reply_markup: markup.optional() }), (p) => {
      const problem = entitiesProblem(p.parse_mode, p.text);
      if (problem !== undefined) return problem;
      const base = { chatId: p.chat_id, messageId: newMessageId(p.chat_id), text: p.text, parseMode: p.parse_mode, replyMarkup: p.reply_markup, at: Date.now() };
      const message = render(base, nowSeconds());
      chatMessages(p.chat_id).set(base.messageId, { ...base, message, history: [] });
      return ok(structuredClone(message));
    }),
    // A photo uploaded with the request (multipart): answered as Telegram does, with the picture's size read from the
    // PNG header. Only PNG uploads are accepted (all the bot sends).
    sendPhoto: validated(
      z.object({
        chat_id: int,
        photo: z.object({ file_name: z.string(), file_size: z.number(), content: z.instanceof(Buffer) }),
        caption: z.string().max(1024, 'message caption is too long').optional(),
        parse_mode: z.string().optional(),
      }),
      (p) => {
        const png = p.photo.content;
        if (png.length < 24 || png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return fail(400, 'Bad Request: IMAGE_PROCESS_FAILED');
        const messageId = newMessageId(p.chat_id);
        const size = { file_id: `photo-${p.chat_id}-${messageId}`, file_unique_id: `u${messageId}`, width: png.readUInt32BE(16), height: png.readUInt32BE(20), file_size: png.length };
        return ok({ message_id: messageId, date: nowSeconds(), chat: chatFor(p.chat_id), from: botAsSender, photo: [size], ...(p.caption === undefined ? {} : { caption: p.caption }) });
      },
    ),
    editMessageText: validated(z.object({ ...target, text, parse_mode: z.string().optional(), reply_markup: markup.optional() }), (p) => {
      return entitiesProblem(p.parse_mode, p.text) ?? edit(p.chat_id, p.message_id, () => ({ text: p.text, parseMode: p.parse_mode, replyMarkup: p.reply_markup }));
    }),
    editMessageReplyMarkup: validated(z.object({ ...target, reply_markup: markup.optional() }), (p) =>
      edit(p.chat_id, p.message_id, (current) => ({ text: current.text, parseMode: current.parseMode, replyMarkup: p.reply_markup })),
    ),
    deleteMessage: validated(z.object(target), (p) =>
      chatMessages(p.chat_id).delete(p.message_id) ? ok(true) : fail(400, 'Bad Request: message to delete not found'),
    ),
    answerCallbackQuery: validated(z.object({ callback_query_id: z.string(), text: z.string().optional(), show_alert: bool.optional() }), (p) => {
      const query = callbackQueries.get(p.callback_query_id);
      if (query === undefined || query.answer !== undefined) return fail(400, QUERY_TOO_OLD);
      query.answer = { text: p.text, showAlert: p.show_alert ?? false };
      return ok(true);
    }),
  };
  // Telegram's method names are case-insensitive.
  const known = new Map(Object.entries(handlers));
  const canonical = new Map([...known.keys()].map((name) => [name.toLowerCase(), name]));

  async function respond(method: string, token: string, params: Record<string, unknown> | string, hungUp: AbortSignal): Promise<ApiResponse> {
    if (token !== options.token) return fail(401, 'Unauthorized');
    const hook = hooks.get(method)?.shift();
    if (hook !== undefined) {
      await hook();
      // A connection cut by the hook is noticed a moment later: waited for, briefly.
      if (!hungUp.aborted) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        hungUp.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (hungUp.aborted) return fail(499, 'the client went away before the call was carried out');
    }
    const failure = failures.get(method)?.shift();
    if (failure !== undefined) return { ok: false, ...structuredClone(failure) };
    const handler = known.get(method);
    if (handler === undefined) return fail(404, 'Not Found: method not found');
    return typeof params === 'string' ? fail(400, `Bad Request: ${params}`) : handler(params, hungUp);
  }

  const server = http.createServer((req, res) => {
    const send = (response: ApiResponse) => {
      if (res.destroyed) return;
      res.writeHead(response.ok ? 200 : response.error_code, { 'content-type': 'application/json', ...(closed ? { connection: 'close' } : {}) });
      res.end(JSON.stringify(response));
    };
    const hungUp = new AbortController();
    res.on('close', () => hungUp.abort());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]*)\/(?:test\/)?([A-Za-z]+)$/.exec(url.pathname);
    if (match === null) return send(fail(404, 'Not Found'));
    const [, token = '', name = ''] = match;
    void (async () => {
      const params = await readParams(req, url);
      const method = canonical.get(name.toLowerCase()) ?? name;
      const call: RecordedCall = { method, params: typeof params === 'string' ? {} : params, at: Date.now(), response: undefined };
      calls.push(call);
      const response = await respond(method, token, params, hungUp.signal);
      if (!hungUp.signal.aborted) call.response = response;
      send(response);
      changed();
    })().catch((error: unknown) => send(fail(500, `Internal Server Error: ${String(error)}`)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bot API stand-in: no TCP address');

  function recentCalls(): string {
    const lines = calls.slice(-15).map((c, i) => {
      const r = c.response;
      const outcome = r === undefined ? 'pending' : r.ok ? 'ok' : `${r.error_code} ${r.description}`;
      return `  #${calls.length - Math.min(15, calls.length) + i} ${c.method} ${JSON.stringify(c.params).slice(0, 160)} → ${outcome}`;
    });
    return lines.length > 0 ? lines.join('\n') : '  (no calls)';
  }

  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        try {
          const value = check();
          if (value !== undefined) { stop(); resolve(value); }
        } catch (error) { stop(); reject(error instanceof Error ? error : new Error(String(error))); }
      };
      const stop = () => { clearTimeout(timer); listeners.delete(attempt); };
      const timer = setTimeout(() => { stop(); reject(new Error(`${what}: not seen within ${timeoutMs} ms. Recent calls:\n${recentCalls()}`)); }, timeoutMs);
      listeners.add(attempt);
      attempt();
    });
  }

  return {
    apiRoot: `http://127.0.0.1:${address.port}`,
    botUser,
    calls,
    sendText: ({ from, chat, text: body }) => {
      const full = rememberChat(chat, from);
      return push({ message: { message_id: newMessageId(chat.id), date: nowSeconds(), chat: full, from: { ...from, is_bot: false }, text: body, ...commandEntities(body) } });
    },
    pressButton: ({ from, chat, messageId, data }) => {
      rememberChat(chat, from);
      const target = chatMessages(chat.id).get(messageId);
      const buttons = (target?.message.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ('callback_data' in b ? [b.callback_data] : []));
      if (target === undefined || !buttons.includes(data)) {
        throw new Error(`pressButton: no button "${data}" on bot message ${messageId} in chat ${chat.id} (buttons: ${JSON.stringify(buttons)})`);
      }
      const id = String(nextCallbackQueryId++);
      callbackQueries.set(id, { answer: undefined });
      const query: CallbackQuery = { id, from: { ...from, is_bot: false }, message: target.message, chat_instance: `instance-${chat.id}`, data };
      return push({ callback_query: query });
    },
    pushUpdate: push,
    redeliver,
    beforeAnswer: (method, hook) => {
      const name = canonical.get(method.toLowerCase()) ?? method;
      hooks.set(name, [...(hooks.get(name) ?? []), hook]);
    },
    failNext: (method, error, times = 1) => {
      if (error.error_code < 400 || error.error_code > 599) throw new Error(`failNext: error_code ${error.error_code} is not an HTTP error status`);
      const name = canonical.get(method.toLowerCase()) ?? method;
      failures.set(name, [...(failures.get(name) ?? []), ...Array.from({ length: times }, () => error)]);
    },
    waitForCall: (method, predicate = () => true, { after = 0, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) =>
      waitUntil(() => calls.find((c, i) => i >= after && c.method === method && c.response !== undefined && predicate(c)), timeoutMs, `call ${method} (from #${after})`),
    waitForUpdatesConfirmed: async (updateId, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) => {
      await waitUntil(() => (confirmedOffset > updateId ? true : undefined), timeoutMs, `getUpdates confirming update ${updateId}`);
    },
    messages: (chatId) => structuredClone([...chatMessages(chatId).values()]),
    callbackAnswer: (id) => structuredClone(callbackQueries.get(id)?.answer),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const poll of [...polls]) poll.finish();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
    },
  };
}
