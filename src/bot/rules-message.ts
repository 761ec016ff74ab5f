import type { ChildConfig } from '../config/types.ts';
import { readChildRules } from '../household/rules.ts';
import type { Words } from '../i18n/words.ts';
import type { FeatureDependencies } from './dependencies.ts';
import { rulesKeyboard, rulesText, weekPicture } from './render/rules.ts';

/**
 * Sends a child's house rules to a chat: the week picture, then the words. For a parent the words carry the buttons
 * of the common moves and the commands to change them; a child reads them only.
 */
export async function showRules(
  deps: Pick<FeatureDependencies, 'config' | 'outbox' | 'logger' | 'rules' | 'renderWeek'>,
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
  const text = rulesText(words, config, child, reads, reader === 'parent');
  const keyboard = reader === 'parent' && reads.some((read) => read.rules.ok) ? rulesKeyboard(words, child, reads) : undefined;
  await outbox.send(chatId, text, { html: true, ...(keyboard === undefined ? {} : { buttons: keyboard }) });
}
