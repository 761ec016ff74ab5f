import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.ts';
import { loadTranslations, localeFile, localesDirectory } from '../../../src/i18n/translations.ts';

const LOCALES = localesDirectory();
const SRC = path.resolve(import.meta.dirname, '../../../src');

/** Each message of a Fluent file: its key and the placeholders it uses. Terms (`-name`) and comments are not messages. */
function messagesOf(language: string): Map<string, Set<string>> {
  const lines = readFileSync(localeFile(LOCALES, language as Language), 'utf8').split('\n');
  const messages = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of lines) {
    const start = /^([a-z][a-z0-9-]*)\s*=/.exec(line);
    if (start?.[1] !== undefined) {
      current = new Set();
      messages.set(start[1], current);
    } else if (!/^[\s}]/.test(line)) current = undefined;
    for (const variable of line.matchAll(/\{[^}]*\$([a-zA-Z][\w-]*)/g)) if (variable[1] !== undefined) current?.add(variable[1]);
  }
  return messages;
}

/** Every key the code names: `t('key')`, `t("key")` or `msg('key')`, in every .ts file under src/. */
function keysUsedInCode(): Map<string, string> {
  const used = new Map<string, string>();
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:t|msg)\(\s*['"]([a-z][a-z0-9-]*)['"]/g)) {
      if (match[1] !== undefined) used.set(match[1], path.relative(SRC, file));
    }
  }
  return used;
}

describe('the locale files', () => {
  test('there is one file per language the bot speaks, and no other', () => {
    const files = readdirSync(LOCALES).filter((name) => name.endsWith('.ftl')).map((name) => name.replace(/\.ftl$/, ''));
    expect(files.sort()).toEqual([...LANGUAGES].sort());
  });

  test('they load without problems', () => {
    const loaded = loadTranslations(LOCALES);
    expect(loaded.ok ? [] : loaded.error).toEqual([]);
  });

  test('every language has the same keys', () => {
    const english = [...messagesOf('en').keys()].sort();
    expect(english.length).toBeGreaterThan(20);
    for (const language of LANGUAGES) expect({ language, keys: [...messagesOf(language).keys()].sort() }).toEqual({ language, keys: english });
  });

  test('every language fills in the same placeholders for each key', () => {
    const english = messagesOf('en');
    for (const language of LANGUAGES) {
      const differing = [...messagesOf(language)].filter(([key, variables]) => [...variables].sort().join() !== [...(english.get(key) ?? [])].sort().join());
      expect({ language, differing: differing.map(([key]) => key) }).toEqual({ language, differing: [] });
    }
  });

  test('every key the code uses is in the files', () => {
    const defined = messagesOf('en');
    const missing = [...keysUsedInCode()].filter(([key]) => !defined.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  test('every key in the files is used by the code', () => {
    const used = keysUsedInCode();
    const unused = [...messagesOf('en').keys()].filter((key) => !used.has(key));
    expect(unused).toEqual([]);
  });
});

describe('a broken locale file', () => {
  test('is refused with its file and line', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(path.join(tmpdir(), 'locales-'));
    try {
      writeFileSync(path.join(folder, 'en.ftl'), 'hello = Hello\nbroken = Hello { $name\nafter = fine\n');
      const loaded = loadTranslations(folder);
      expect(loaded.ok).toBe(false);
      const problems = loaded.ok ? [] : loaded.error;
      expect(problems).toContain(`${path.join(folder, 'en.ftl')}:2: Fluent cannot read this message`);
      expect(problems).toContain(`${path.join(folder, 'de.ftl')}: missing (every language in src/i18n/languages.ts needs its file)`);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});
