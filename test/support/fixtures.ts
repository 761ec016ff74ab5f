import { readFileSync } from 'node:fs';

/** The text of a captured `timekpra` output in test/fixtures/timekpra. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/timekpra/${name}.txt`, import.meta.url), 'utf8');
}

/** The number after `KEY: ` in userinfo text, so expectations come from the fixture itself. */
export function fieldOf(text: string, key: string): number {
  const match = new RegExp(`^${key}: (-?\\d+)$`, 'm').exec(text);
  if (match?.[1] === undefined) throw new Error(`no ${key} in fixture`);
  return Number(match[1]);
}

/** Replaces the whole `KEY: ...` line of userinfo text; throws if the key is missing, so edits cannot silently miss. */
export function withField(text: string, key: string, value: string): string {
  const pattern = new RegExp(`^${key}:.*$`, 'm');
  if (!pattern.test(text)) throw new Error(`no ${key} in text`);
  return text.replace(pattern, `${key}: ${value}`);
}

/** Removes the `KEY: ...` line of userinfo text. */
export function withoutField(text: string, key: string): string {
  const pattern = new RegExp(`^${key}:.*\\n`, 'm');
  if (!pattern.test(text)) throw new Error(`no ${key} in text`);
  return text.replace(pattern, '');
}
