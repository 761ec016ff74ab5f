import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { findUpwards } from '../lib/find-upwards.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.ts';
import type { WordArguments, Words } from './words.ts';

/** The messages of every language the bot speaks, loaded once at start. */
export interface Translations {
  wordsFor(language: Language): Words;
}

/**
 * Reads locales/<language>.ftl for every language in LANGUAGES. A file that is missing or has lines Fluent cannot
 * read is a problem named with its file and line: the bot does not start with half its words.
 */
export function loadTranslations(directory: string = localesDirectory()): Result<Translations, string[]> {
  const problems: string[] = [];
  const bundles = new Map<Language, FluentBundle>();
  for (const language of LANGUAGES) {
    // Placeholders are not wrapped in Unicode isolation marks: names and numbers stay plain for Telegram's HTML.
    const bundle = new FluentBundle(language, { useIsolating: false });
    const file = localeFile(directory, language);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      problems.push(`${file}: missing (every language in src/i18n/languages.ts needs its file)`);
      continue;
    }
    problems.push(...unreadableLines(source).map((line) => `${file}:${line}: Fluent cannot read this message`));
    for (const error of bundle.addResource(new FluentResource(source))) problems.push(`${file}: ${error.message}`);
    bundles.set(language, bundle);
  }
  if (problems.length > 0) return err(problems);
  const fallback = bundles.get(DEFAULT_LANGUAGE);
  const cache = new Map<Language, Words>();
  return ok({
    wordsFor(language) {
      let words = cache.get(language);
      if (words === undefined) {
        words = wordsOf(language, [bundles.get(language), fallback].filter((bundle) => bundle !== undefined));
        cache.set(language, words);
      }
      return words;
    },
  });
}

/** The one file of a language: locales/<language>.ftl. */
export function localeFile(directory: string, language: Language): string {
  return path.join(directory, `${language}.ftl`);
}

function wordsOf(language: Language, bundles: readonly FluentBundle[]): Words {
  return {
    language,
    t(key: string, args?: WordArguments): string {
      for (const bundle of bundles) {
        const message = bundle.getMessage(key);
        if (message?.value != null) return bundle.formatPattern(message.value, args);
      }
      return key;
    },
  };
}

/**
 * Lines Fluent's parser skips as junk: the first line of each. FluentResource drops what it cannot read without a
 * word, so the start-up check re-parses entry by entry (an entry starts at a line beginning with a letter, `-` or `#`).
 */
function unreadableLines(source: string): number[] {
  const lines = source.split('\n');
  const starts = lines.flatMap((line, index) => (/^[A-Za-z-]/.test(line) ? [index] : []));
  return starts.filter((start, i) => {
    const entry = lines.slice(start, starts[i + 1] ?? lines.length).join('\n');
    const bundle = new FluentBundle('en');
    bundle.addResource(new FluentResource(entry));
    const id = /^-?([A-Za-z][\w-]*)/.exec(lines[start] ?? '')?.[1];
    return id !== undefined && !lines[start]?.startsWith('-') && !bundle.hasMessage(id);
  }).map((start) => start + 1);
}

/**
 * The locales/ folder of this installation: found by walking up from this module, so it is the same from the sources
 * (src/i18n/) and from the bundle (dist/).
 */
export function localesDirectory(): string {
  const english = findUpwards(path.dirname(fileURLToPath(import.meta.url)), path.join('locales', `${DEFAULT_LANGUAGE}.ftl`));
  return english === undefined ? path.resolve('locales') : path.dirname(english);
}
