import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The commands as they ship: `npm start` and `npm run check` run the bundles in dist/ (package.json's scripts), and
 * the container's healthcheck runs dist/health.js. Tests start them from here, so what is tested is what ships; the
 * integration tests' global setup (global-setup.ts) builds dist/ from the current sources first.
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');

const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).scripts;

/**
 * The arguments after `node` of an npm script that runs `node …`, with the files in it made absolute (the tests run
 * the command from other folders). Throws for a script that is more than one plain node command.
 */
export function nodeArgumentsOf(name: 'start' | 'check'): string[] {
  const script = scripts[name] ?? '';
  const [command, ...words] = script.trim().split(/\s+/);
  if (command !== 'node' || words.some((word) => /[^\w@%+=:,./-]/.test(word))) {
    throw new Error(`package.json's "${name}" script should be one plain "node …" command, not: ${script}`);
  }
  return words.map((word) => (word.startsWith('-') ? word : path.resolve(ROOT, word)));
}

/** The healthcheck as the Dockerfile's HEALTHCHECK runs it (test/image checks the image says the same). */
export const HEALTH = path.join(ROOT, 'dist/health.js');
