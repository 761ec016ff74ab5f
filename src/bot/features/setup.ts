import path from 'node:path';
import { Composer, type MiddlewareFn } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { ID_PATTERN } from '../../config/schema.ts';
import { formatConfigError, type Config, type ConfigError } from '../../config/types.ts';
import { editConfigFile, type ConfigWriteProblem } from '../../config/write-file.ts';
import type { ConfigEdit } from '../../config/write.ts';
import type { AdditionEvent } from '../../household/computer-setup.ts';
import { setupLine } from '../../household/setup-server.ts';
import { spokenLanguage } from '../../i18n/languages.ts';
import type { Words } from '../../i18n/words.ts';
import { LOGIN_NAME_PATTERN } from '../../config/patterns.ts';
import { ensureOwnKey } from '../../ssh/own-key.ts';
import { hostKeyFileHint, type HostKeySeen } from '../../ssh/first-contact.ts';
import { appendKnownHostsLine, formatKnownHostsLine } from '../../ssh/known-hosts.ts';
import { assertNever, type Result } from '../../lib/result.ts';
import { onButtons } from '../buttons.ts';
import { encodeButtonAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { escapeHtml } from '../render/html.ts';
import type { SetupDesk, SetupQuestion } from '../setup-desk.ts';
import { answerQuietly, ANSWER_VALID_MS } from '../telegram/answers.ts';
import { describeFailure } from '../../timekpr/describe.ts';
import type { MachineFailure } from '../../timekpr/client.ts';

/** Reads the config file again; a good one replaces the running config once the update in hand is done. */
export type Reload = () => Promise<Result<{ readonly config: Config }, ConfigError[]>>;

export interface SetupFeatureDependencies extends Pick<FeatureDependencies, 'config' | 'outbox' | 'translations' | 'client' | 'logger'> {
  readonly desk: SetupDesk;
  readonly reload: Reload;
}

/** Who asked, where, in which words. */
interface Asker {
  readonly words: Words;
  readonly chatId: number;
  readonly userId: number;
  readonly languageCode?: string | undefined;
}

/** `host`, `host:port`, `[v6]:port`: what `/computer add` takes as the computer's address. */
const ADDRESS = /^(?:\[([0-9A-Fa-f](?:[0-9A-Fa-f:.%]{0,61}[0-9A-Fa-f])?)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?))(?::(\d{1,5}))?$/;

/** A computer's address as typed, checked. Pure. */
export function parseAddress(text: string): { readonly host: string; readonly port: number | undefined } | undefined {
  const match = ADDRESS.exec(text);
  if (match === null) return undefined;
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: match[1] ?? match[2] ?? '', port };
}

/** A child's id and name from a login (`mia_k` → `mia_k`, "Mia_k"), an id not taken yet. Pure. */
export function childFromLogin(login: string, taken: ReadonlySet<string>): { readonly id: string; readonly name: string } {
  const base = login.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[^A-Za-z0-9]+/, '').slice(0, 18) || 'child';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}${n}`;
  return { id, name: base.charAt(0).toUpperCase() + base.slice(1) };
}

/**
 * Setup from the chat, for parents: `/computer add|remove`, `/child rename`, `/parent remove`, `/reload`, and the
 * answers to the questions they bring (trust a computer, who is which login, confirmations). Every change is written
 * to the config file (comments kept), then the config is read again: the bot goes on with it.
 */
export function setupFeature(deps: SetupFeatureDependencies): Composer<BotContext> {
  const { config, desk, outbox } = deps;
  const feature = new Composer<BotContext>();
  const send = (chatId: number, text: string, buttons?: InlineKeyboardMarkup) => outbox.send(chatId, text, { html: true, validForMs: ANSWER_VALID_MS, ...(buttons === undefined ? {} : { buttons }) });

  /** Writes an edit, then reads the config again; the problem in words, or undefined when done. */
  const write = async (words: Words, edit: ConfigEdit): Promise<string | undefined> => {
    const written = await editConfigFile(desk.configFile, edit);
    if (!written.ok) return writeProblemText(words, written.error);
    const read = await deps.reload();
    return read.ok ? undefined : words.t('setup-reload-refused', { problems: escapeHtml(read.error.map(formatConfigError).join('\n')) });
  };

  feature.command('reload', async (ctx) => {
    const read = await deps.reload();
    if (read.ok) await send(ctx.chat.id, ctx.words.t('setup-reloaded', { machines: read.value.config.machines.size, children: read.value.config.children.size }));
    else await send(ctx.chat.id, ctx.words.t('setup-reload-refused', { problems: escapeHtml(read.error.map(formatConfigError).join('\n')) }));
  });

  feature.command('computer', async (ctx) => {
    const [action = '', name = '', address = '', ...rest] = ctx.match.trim().split(/\s+/);
    const asker = { words: ctx.words, chatId: ctx.chat.id, userId: ctx.from?.id ?? 0, languageCode: ctx.from?.language_code };
    // In a private chat only: the line and the questions that follow are the parent's, not the family group's.
    if (action === 'add' && ctx.chat.type !== 'private') return void (await send(ctx.chat.id, ctx.words.t('computer-add-privately')));
    if (action === 'add' && name !== '' && rest.length === 0) return addComputer(asker, name, address);
    if (action === 'remove' && name !== '' && address === '') return askToConfirm(asker, { kind: 'remove-machine', machineId: name });
    await send(ctx.chat.id, ctx.words.t('computer-usage'));
  });

  feature.command('child', async (ctx) => {
    const match = /^rename\s+(\S+)\s+(.{1,64})$/.exec(ctx.match.trim());
    if (match === null) return void (await send(ctx.chat.id, ctx.words.t('child-usage')));
    const [, childId = '', name = ''] = match;
    if (!config.children.has(childId)) return void (await send(ctx.chat.id, ctx.words.t('setup-child-unknown', { child: escapeHtml(childId), children: [...config.children.keys()].join(', ') || '–' })));
    await askToConfirm({ words: ctx.words, chatId: ctx.chat.id, userId: ctx.from?.id ?? 0 }, { kind: 'rename-child', childId, name: name.trim() });
  });

  feature.command('parent', async (ctx) => {
    const match = /^remove\s+(\d{1,15})$/.exec(ctx.match.trim());
    if (match === null) return void (await send(ctx.chat.id, ctx.words.t('parent-usage', { parents: config.telegram.parents.join(', ') })));
    const userId = Number(match[1]);
    if (!config.telegram.parents.includes(userId)) return void (await send(ctx.chat.id, ctx.words.t('parent-unknown', { parents: config.telegram.parents.join(', ') })));
    if (config.telegram.parents.length === 1) return void (await send(ctx.chat.id, ctx.words.t('parent-last')));
    await askToConfirm({ words: ctx.words, chatId: ctx.chat.id, userId: ctx.from?.id ?? 0 }, { kind: 'remove-parent', userId });
  });

  async function askToConfirm(asker: Asker, edit: ConfigEdit & { kind: 'remove-machine' | 'rename-child' | 'remove-parent' }) {
    const { words, chatId } = asker;
    if (edit.kind === 'remove-machine' && !config.machines.has(edit.machineId)) {
      return void (await send(chatId, words.t('computer-unknown', { machine: escapeHtml(edit.machineId), machines: [...config.machines.keys()].join(', ') || '–' })));
    }
    const id = desk.ask({ kind: 'confirm', edit, parentId: asker.userId });
    await send(chatId, confirmQuestionText(words, config, edit), { inline_keyboard: [[button(words.t('setup-confirm-yes'), id, 'y'), button(words.t('setup-confirm-no'), id, 'n')]] });
  }

  async function addComputer(asker: Asker, machineId: string, typed: string) {
    const { words, chatId } = asker;
    if (!ID_PATTERN.test(machineId)) return void (await send(chatId, words.t('computer-bad-name', { machine: escapeHtml(machineId.slice(0, 40)) })));
    const address = parseAddress(typed);
    if (address === undefined) return void (await send(chatId, words.t('computer-bad-address', { address: escapeHtml(typed.slice(0, 80)) })));
    const known = config.machines.get(machineId);
    if (known !== undefined && (known.host !== address.host || (address.port !== undefined && known.port !== address.port))) {
      return void (await send(chatId, words.t('computer-exists', { machine: machineId, host: escapeHtml(known.host) })));
    }
    if (known === undefined) {
      // The bot's own key: for this computer when the config names none for all of them.
      const ownKey = await ensureOwnKey(desk.ownKeyFile);
      if (!ownKey.ok) return void (await send(chatId, words.t('setup-not-saved', { problem: escapeHtml(ownKey.error) })));
      const problem = await write(words, { kind: 'add-machine', machineId, host: address.host, port: address.port, ownKeyFile: `./${path.relative(path.dirname(desk.configFile), desk.ownKeyFile)}` });
      if (problem !== undefined) return void (await send(chatId, problem));
    }
    desk.closeAbout(machineId);
    const begun = await desk.computers.begin({ machineId, chatId, userId: asker.userId, languageCode: asker.languageCode });
    if (!begun.ok) return void (await send(chatId, words.t('computer-cannot-serve', { problem: escapeHtml(begun.error.message) })));
    const line = setupLine(desk.setupUrl, begun.value.token);
    if (!line.ok) return void (await send(chatId, words.t('computer-cannot-serve', { problem: escapeHtml(line.error) })));
    const id = desk.ask({ kind: 'addition', machineId });
    await send(chatId, words.t('computer-line', { machine: machineId, curl: escapeHtml(line.value.curl), wget: escapeHtml(line.value.wget) }), {
      inline_keyboard: [[button(words.t('computer-done-button'), id, 'd'), button(words.t('setup-confirm-no'), id, 'x')]],
    });
  }

  feature.use(
    onButtons(['setup-answer'], config, async (ctx, action, message) => {
      const question = desk.question(action.questionId);
      if (question === undefined) return void (await answerQuietly(ctx, { text: ctx.words.t('setup-question-gone') }));
      const words = ctx.words;
      const userId = ctx.from?.id ?? 0;
      const done = async (text: string) => {
        await outbox.edit(message.chatId, message.messageId, text, { html: true, buttons: { inline_keyboard: [] } });
      };
      switch (question.kind) {
        case 'confirm': {
          if (question.parentId !== userId) return void (await answerQuietly(ctx, { text: words.t('setup-not-yours') }));
          desk.close(action.questionId);
          await answerQuietly(ctx);
          if (action.choice !== 'y') return done(words.t('setup-left-as-is'));
          const problem = await write(words, question.edit);
          if (problem === undefined && question.edit.kind === 'remove-machine') {
            desk.closeAbout(question.edit.machineId);
            desk.computers.finish(question.edit.machineId);
          }
          return done(problem ?? confirmDoneText(words, config, question.edit));
        }
        case 'join': {
          desk.close(action.questionId);
          await answerQuietly(ctx);
          const who = { name: escapeHtml(question.name), userId: String(question.userId), by: escapeHtml(ctx.from?.first_name ?? '') };
          if (action.choice !== 'y') return done(words.t('join-refused', who));
          const problem = await write(words, { kind: 'add-parent', userId: question.userId });
          if (problem !== undefined) return done(problem);
          await done(words.t('join-approved', who));
          await outbox.send(question.userId, deps.translations.wordsFor(spokenLanguage(question.languageCode) ?? config.telegram.language).t('join-welcome'), { html: true });
          return;
        }
        case 'chat': {
          if (question.parentId !== userId) return void (await answerQuietly(ctx, { text: words.t('setup-not-yours') }));
          desk.close(action.questionId);
          await answerQuietly(ctx);
          const title = escapeHtml(question.title);
          if (action.choice !== 'y') return done(words.t('chat-not-used', { title }));
          const problem = await write(words, { kind: 'add-chat', chatId: question.chatId });
          if (problem !== undefined) return done(problem);
          await done(words.t('chat-used', { title }));
          await outbox.send(question.chatId, deps.translations.wordsFor(config.telegram.language).t('chat-welcome'), { html: true });
          return;
        }
        case 'addition': {
          if (action.choice === 'x') {
            desk.close(action.questionId);
            desk.computers.finish(question.machineId);
            await answerQuietly(ctx);
            return done(words.t('computer-stopped', { machine: question.machineId }));
          }
          await answerQuietly(ctx, { text: words.t('computer-looking') });
          const check = await desk.computers.check(question.machineId);
          if (check.kind === 'not-adding') return done(words.t('setup-question-gone'));
          if (check.kind === 'key-refused') return void (await send(message.chatId, words.t('computer-not-yet', { machine: question.machineId })));
          if (check.kind === 'unreachable') return void (await send(message.chatId, words.t('computer-unreachable', { machine: question.machineId, problem: escapeHtml(problemText(words, question.machineId, check.failure)) })));
          // key-accepted: the trust question comes as its own message (the event).
          desk.close(action.questionId);
          return void (await outbox.buttons(message.chatId, message.messageId, { inline_keyboard: [] }));
        }
        case 'trust':
          desk.close(action.questionId);
          await answerQuietly(ctx);
          if (action.choice !== 'y') {
            desk.computers.finish(question.machineId);
            return done(words.t('computer-not-trusted', { machine: question.machineId }));
          }
          return trust(ctx, words, question, message.chatId, done);
        case 'login':
          desk.close(action.questionId);
          await answerQuietly(ctx);
          return done(await answerLogin(words, question, action.choice));
        default:
          return assertNever(question);
      }
    }),
  );

  async function trust(ctx: BotContext, words: Words, question: SetupQuestion & { kind: 'trust' }, chatId: number, done: (text: string) => Promise<void>) {
    const machine = config.machines.get(question.machineId);
    if (machine === undefined) return done(words.t('setup-question-gone'));
    try {
      await appendKnownHostsLine(machine.knownHostsFile, formatKnownHostsLine(machine.host, machine.port, question.hostKey.keyBlob));
    } catch (cause) {
      ctx.log.error({ err: cause }, 'could not write known_hosts');
      return done(words.t('setup-not-saved', { problem: escapeHtml(machine.knownHostsFile) }));
    }
    desk.computers.finish(question.machineId);
    await done(words.t('computer-trusted', { machine: machine.id, fingerprint: escapeHtml(question.hostKey.fingerprint) }));
    const known = await deps.client.knownUsers(machine.id);
    if (!known.ok) return void (await send(chatId, words.t('computer-logins-unread', { machine: machine.id, problem: escapeHtml(problemText(words, machine.id, known.error)) })));
    const mapped = new Set([...config.children.values()].flatMap((child) => (child.accounts.has(machine.id) ? [child.accounts.get(machine.id)] : [])));
    const logins = known.value.filter((login) => LOGIN_NAME_PATTERN.test(login) && !mapped.has(login));
    if (logins.length === 0) return void (await send(chatId, words.t('computer-no-logins', { machine: machine.id })));
    const candidates = [...config.children.values()].filter((child) => !child.accounts.has(machine.id)).slice(0, 6);
    for (const login of logins.slice(0, 10)) {
      const id = desk.ask({ kind: 'login', machineId: machine.id, login, childIds: candidates.map((child) => child.id) });
      const name = childFromLogin(login, new Set(config.children.keys())).name;
      const rows = [[button(words.t('login-add-child', { name }), id, 'a')], ...candidates.map((child, index) => [button(words.t('login-same-as', { child: child.name }), id, `s${index}`)]), [button(words.t('login-not-child'), id, 'n')]];
      await send(chatId, words.t('login-question', { login, machine: machine.id }), { inline_keyboard: rows });
    }
  }

  async function answerLogin(words: Words, question: SetupQuestion & { kind: 'login' }, choice: string): Promise<string> {
    const { machineId, login } = question;
    if (choice === 'n') return words.t('login-not-a-child', { login, machine: machineId });
    if (choice === 'a') {
      const child = childFromLogin(login, new Set(config.children.keys()));
      const problem = await write(words, { kind: 'add-child', childId: child.id, name: child.name, accounts: { [machineId]: login } });
      return problem ?? words.t('login-is-child', { login, machine: machineId, child: escapeHtml(child.name) });
    }
    const childId = question.childIds[Number(choice.slice(1))];
    if (!choice.startsWith('s') || childId === undefined) return words.t('setup-question-gone');
    const problem = await write(words, { kind: 'add-account', childId, machineId, login });
    return problem ?? words.t('login-is-child', { login, machine: machineId, child: escapeHtml(config.children.get(childId)?.name ?? childId) });
  }

  function problemText(words: Words, machineId: string, failure: MachineFailure): string {
    const machine = config.machines.get(machineId);
    return machine === undefined ? failure.kind : describeFailure(words, failure, { machine, trustCommand: 'npm run check -- --trust-new' }).problem;
  }

  return feature;
}

/** What a computer being added tells the chat of its own accord (the bot's key accepted there, or the wait over). */
export function additionEventSender(deps: Pick<SetupFeatureDependencies, 'config' | 'outbox' | 'translations' | 'desk' | 'logger'>): (event: AdditionEvent) => void {
  return (event) => {
    const words = deps.translations.wordsFor(spokenLanguage(event.addition.languageCode) ?? deps.config.telegram.language);
    const machineId = event.addition.machineId;
    switch (event.kind) {
      case 'key-accepted': {
        deps.desk.closeAbout(machineId);
        const id = deps.desk.ask({ kind: 'trust', machineId, hostKey: event.hostKey });
        void deps.outbox
          .send(event.addition.chatId, trustQuestionText(words, machineId, event.hostKey), {
            html: true,
            buttons: { inline_keyboard: [[button(words.t('computer-trust-button'), id, 'y'), button(words.t('setup-confirm-no'), id, 'n')]] },
          })
          .catch((error: unknown) => deps.logger.error({ err: error, machineId }, 'the trust question could not be sent'));
        return;
      }
      case 'gave-up':
        deps.desk.closeAbout(machineId);
        deps.desk.computers.finish(machineId);
        void deps.outbox
          .send(event.addition.chatId, words.t('computer-gave-up', { machine: machineId }), { html: true })
          .catch((error: unknown) => deps.logger.error({ err: error, machineId }, 'the end of the wait could not be sent'));
        return;
      default:
        assertNever(event);
    }
  };
}

/**
 * For strangers and groups, before anyone is authorised: `/join` in a private chat from someone the bot does not know
 * asks the parents; a parent's command in a group that is not set up asks that parent, privately, whether to use it.
 * Everything else passes on (and is refused there as before).
 */
export function setupDoorway(deps: Pick<SetupFeatureDependencies, 'config' | 'outbox' | 'translations' | 'desk'> & { readonly isChild: (userId: number) => boolean; readonly now: () => number }): MiddlewareFn<BotContext> {
  const { config, desk, outbox } = deps;
  return async (ctx, next) => {
    const from = ctx.from;
    const chat = ctx.chat;
    const text = ctx.message?.text;
    if (from === undefined || chat === undefined || text === undefined) return next();
    const isParent = config.telegram.parents.includes(from.id);
    if (chat.type === 'private' && /^\/join(@\w+)?$/.test(text.trim())) {
      if (isParent) return void (await ctx.reply(ctx.words.t('join-is-parent')));
      if (deps.isChild(from.id)) return next();
      if (!desk.joins.take(String(from.id), deps.now())) return void (await ctx.reply(ctx.words.t('join-asked')));
      const name = [from.first_name, from.last_name].filter(Boolean).join(' ') + (from.username === undefined ? '' : ` (@${from.username})`);
      const id = desk.ask({ kind: 'join', userId: from.id, name, languageCode: from.language_code });
      ctx.log.info({ joining: from.id }, '/join: the parents are asked');
      for (const parentId of config.telegram.parents) {
        const words = deps.translations.wordsFor(config.telegram.language);
        void outbox.send(parentId, words.t('join-question', { name: escapeHtml(name), userId: String(from.id) }), {
          html: true,
          buttons: { inline_keyboard: [[button(words.t('join-approve-button'), id, 'y'), button(words.t('join-refuse-button'), id, 'n')]] },
        });
      }
      return void (await ctx.reply(ctx.words.t('join-asked')));
    }
    const group = chat.type === 'group' || chat.type === 'supergroup';
    // A command for another bot in that group (`/start@other_bot`) is not a word to this one.
    const addressee = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text)?.[1];
    const forUs = addressee === undefined || addressee.toLowerCase() === ctx.me.username.toLowerCase();
    if (group && isParent && forUs && text.startsWith('/') && !config.telegram.chats.includes(chat.id)) {
      if (!desk.chats.take(String(chat.id), deps.now())) return;
      const title = chat.title;
      const id = desk.ask({ kind: 'chat', chatId: chat.id, title, parentId: from.id });
      try {
        await ctx.api.sendMessage(from.id, ctx.words.t('chat-question', { title: escapeHtml(title) }), {
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [[button(ctx.words.t('setup-yes'), id, 'y'), button(ctx.words.t('setup-confirm-no'), id, 'n')]] },
        });
      } catch (error) {
        // A parent who never wrote to the bot cannot be written to first.
        ctx.log.warn({ err: error }, 'could not ask the parent privately about the group');
        desk.close(id);
        await ctx.reply(ctx.words.t('chat-write-me-first'));
      }
      return;
    }
    return next();
  };
}

function button(text: string, questionId: number, choice: string) {
  return { text, callback_data: encodeButtonAction({ kind: 'setup-answer', questionId, choice }) };
}

function trustQuestionText(words: Words, machineId: string, hostKey: HostKeySeen): string {
  return words.t('computer-trust-question', { machine: machineId, fingerprint: escapeHtml(hostKey.fingerprint), file: hostKeyFileHint(hostKey.keyType) });
}

function confirmQuestionText(words: Words, config: Config, edit: ConfigEdit & { kind: 'remove-machine' | 'rename-child' | 'remove-parent' }): string {
  switch (edit.kind) {
    case 'remove-machine':
      return words.t('computer-remove-question', { machine: edit.machineId });
    case 'rename-child':
      return words.t('child-rename-question', { child: escapeHtml(config.children.get(edit.childId)?.name ?? edit.childId), name: escapeHtml(edit.name) });
    case 'remove-parent':
      return words.t('parent-remove-question', { userId: String(edit.userId) });
    default:
      return assertNever(edit);
  }
}

function confirmDoneText(words: Words, config: Config, edit: ConfigEdit): string {
  switch (edit.kind) {
    case 'remove-machine':
      return words.t('computer-removed', { machine: edit.machineId });
    case 'rename-child':
      return words.t('child-renamed', { child: escapeHtml(config.children.get(edit.childId)?.name ?? edit.childId), name: escapeHtml(edit.name) });
    case 'remove-parent':
      return words.t('parent-removed', { userId: String(edit.userId) });
    default:
      return words.t('setup-saved');
  }
}

/** Why a change of the config was not made, in words (HTML). */
export function writeProblemText(words: Words, problem: ConfigWriteProblem): string {
  switch (problem.kind) {
    case 'io':
      return words.t('setup-not-saved', { problem: escapeHtml(problem.message) });
    case 'unreadable':
    case 'invalid':
      return words.t('setup-would-break', { problems: escapeHtml(problem.errors.map(formatConfigError).join('\n')) });
    case 'missing':
      return words.t('setup-missing', { id: escapeHtml(problem.id) });
    case 'exists':
      return words.t('setup-exists', { id: escapeHtml(problem.id) });
    case 'last-parent':
      return words.t('parent-last');
    default:
      return assertNever(problem);
  }
}
