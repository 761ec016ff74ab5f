/**
 * The languages the bot speaks: one Fluent file each in locales/ (`en.ftl`, `de.ftl`). Adding a language is adding its
 * file and its code here (README: "Adding a language").
 */
export const LANGUAGES = ['en', 'de'] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(code: string): code is Language {
  return (LANGUAGES as readonly string[]).includes(code);
}

/**
 * The language the bot speaks to someone whose Telegram app is set to `code` (an IETF tag such as `de`, `de-AT` or
 * `pt-br`): that language when the bot has it, else its main language (`de-AT` → `de`), else `undefined`.
 */
export function spokenLanguage(code: string | undefined): Language | undefined {
  if (code === undefined) return undefined;
  const lower = code.trim().toLowerCase();
  if (isLanguage(lower)) return lower;
  const main = lower.split(/[-_]/)[0] ?? '';
  return isLanguage(main) ? main : undefined;
}
