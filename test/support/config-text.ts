import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** The smallest config that validates: one parent, one machine, one child. */
export const MINIMAL = `telegram:
  parents: [123456789]
machines:
  desktop:
    host: 192.168.1.20
children:
  mia:
    name: Mia
    accounts:
      desktop: mia
`;

/** 1-based line of the first line containing `needle`, so expected lines follow the text. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

/** `text` with `from` replaced; throws if `from` is missing, so edits cannot silently miss. */
export function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" is not in the text`);
  return text.replace(from, to);
}

const tempDirs: string[] = [];
/** A fresh temp folder, removed after the test file. */
export function tempConfigDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as config.yaml in a fresh temp folder (or `dir`) and returns its absolute path. */
export function writeConfig(text: string, dir = tempConfigDir()): string {
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}
