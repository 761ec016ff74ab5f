import type { Language } from './languages.ts';

/**
 * What a message's placeholders are filled with. Numbers are formatted for the language (`1,500` / `1.500`), so ids and
 * anything else that is not a quantity are passed as strings.
 */
export type WordArguments = Readonly<Record<string, string | number>>;

/**
 * Every word a person reads comes from here: the messages of one language (locales/<language>.ftl). A message whose
 * text is HTML expects its arguments already escaped.
 */
export interface Words {
  readonly language: Language;
  /** The message `key` with its placeholders filled. A key the file lacks falls back to English, then to the key. */
  t(key: string, args?: WordArguments): string;
}

/**
 * Marks a message key that is chosen at run time (from a table of kinds) rather than written in a `t('…')` call, so the
 * locale test finds it: every key the code uses must exist in every language, and every key a file has must be used.
 */
export function msg<const Key extends string>(key: Key): Key {
  return key;
}
