import { loadTranslations, type Translations } from '../../src/i18n/translations.ts';
import type { Words } from '../../src/i18n/words.ts';

/** The bot's real locale files, for tests that render messages. */
export const translations: Translations = (() => {
  const loaded = loadTranslations();
  if (!loaded.ok) throw new Error(`locale files: ${loaded.error.join('; ')}`);
  return loaded.value;
})();

export const english: Words = translations.wordsFor('en');
export const german: Words = translations.wordsFor('de');
