import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig } from '../config/types.ts';
import { childStanding } from '../household/profiles.ts';
import { readChildRules } from '../household/rules.ts';
import { parseStoredException } from '../household/rules-stored.ts';
import type { RuleException } from '../household/rules-edit.ts';
import type { Words } from '../i18n/words.ts';
import { isoWeekdayOf, localDay } from '../lib/local-days.ts';
import { intervalsFromHours } from '../household/rules-edit.ts';
import { hoursOf } from '../timekpr/rules.ts';
import { EXCEPTION_EXTRA_MINUTES, isOfferedTonight } from './callback-data.ts';
import type { FeatureDependencies } from './dependencies.ts';
import { activeExceptionsText, standingKeyboard, standingText } from './render/profiles.ts';
import { exceptionKeyboardRow, rulesKeyboard, rulesText, weekPicture, type ReadRules } from './render/rules.ts';

type RulesMessageDependencies = Pick<FeatureDependencies, 'config' | 'store' | 'now'>;

/** The exceptions of a child not put back yet, each once with its computers; `ended`: its day is over (it waits). */
function pendingExceptions(deps: RulesMessageDependencies, childId: string): { exception: RuleException; machineIds: string[]; ended: boolean }[] {
  const now = deps.now();
  const grouped = new Map<string, { exception: RuleException; machineIds: string[]; ended: boolean }>();
  for (const record of deps.store.exceptions.notEnded(childId)) {
    const exception = parseStoredException(record.exception);
    if (exception === undefined) continue;
    const ended = record.endsAt <= now;
    const key = `${record.updateId ?? record.id}:${record.exception}:${ended}`;
    const entry = grouped.get(key) ?? { exception, machineIds: [], ended };
    entry.machineIds.push(record.machineId);
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}

/**
 * The time a `🌙 until … tonight` button offers: an hour after today's allowed hours end on the first computer read,
 * rounded up to the half hour; none when that is past midnight or nothing was read.
 */
export function tonightOffer(reads: readonly ReadRules[], today: string): number | undefined {
  const first = reads.find((read) => read.rules.ok);
  if (first === undefined || !first.rules.ok) return undefined;
  const intervals = intervalsFromHours(hoursOf(first.rules.value.settings, isoWeekdayOf(today)));
  const end = Math.max(0, ...intervals.map((interval) => interval.toMinute));
  const offer = Math.ceil((end + 60) / 30) * 30;
  return isOfferedTonight(offer) ? offer : undefined;
}

/**
 * `/rules mia` as one message: the rules in words, the profile she follows and where a computer differs from it, the
 * exceptions in force; for a parent also the buttons (common moves, exceptions, `[Apply]`/`[Keep]`). HTML.
 */
export function rulesMessage(
  deps: RulesMessageDependencies,
  words: Words,
  child: ChildConfig,
  reads: readonly ReadRules[],
  reader: 'parent' | 'child',
): { readonly text: string; readonly buttons: InlineKeyboardMarkup | undefined } {
  const today = localDay(deps.now());
  const parts = [rulesText(words, deps.config, child, reads, reader === 'parent')];
  const standing = childStanding(deps, child, reads);
  if (standing !== undefined) parts.push(standingText(words, deps.config, standing.profile, standing.machines));
  const exceptions = pendingExceptions(deps, child.id);
  if (exceptions.length > 0) parts.push(activeExceptionsText(words, exceptions, today));
  if (reader !== 'parent' || !reads.some((read) => read.rules.ok)) return { text: parts.join('\n\n'), buttons: undefined };
  const keyboard = rulesKeyboard(words, child, reads);
  const rows = [
    ...keyboard.inline_keyboard,
    exceptionKeyboardRow(words, child, tonightOffer(reads, today), EXCEPTION_EXTRA_MINUTES),
    ...(standing === undefined ? [] : standingKeyboard(words, child, standing.profile, standing.machines)),
  ];
  return { text: parts.join('\n\n'), buttons: { inline_keyboard: rows } };
}

/**
 * Sends a child's house rules to a chat: the week picture, then the words. For a parent the words carry the buttons
 * of the common moves and the commands to change them; a child reads them only.
 */
export async function showRules(
  deps: Pick<FeatureDependencies, 'config' | 'outbox' | 'logger' | 'rules' | 'renderWeek' | 'store' | 'now'>,
  words: Words,
  chatId: number,
  child: ChildConfig,
  machineIds: readonly string[],
  reader: 'parent' | 'child',
): Promise<void> {
  const { config, outbox, logger } = deps;
  const reads = await readChildRules({ client: deps.rules, config }, child.id, machineIds);
  const picture = weekPicture(words, child, reads);
  if (picture !== undefined) {
    const started = performance.now();
    const png = await deps.renderWeek(picture);
    if (png.ok) await outbox.photo(chatId, png.value, picture.title, 'house-rules.png');
    else logger.error({ err: png.error.message }, 'rules: week picture not drawn');
    logger.debug({ drawMs: Math.round(performance.now() - started) }, 'rules: week picture');
  }
  const { text, buttons } = rulesMessage(deps, words, child, reads, reader);
  await outbox.send(chatId, text, { html: true, ...(buttons === undefined ? {} : { buttons }) });
}
