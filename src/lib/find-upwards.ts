import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The first `folder/relative` that exists, from `folder` up to the root; undefined if none does. Files shipped with
 * the bot (helper/, locales/) are found this way from the module that needs them, so the same code finds them from
 * the sources (src/…) and from the bundle (dist/), which both sit in the project's folder.
 */
export function findUpwards(folder: string, relative: string): string | undefined {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const candidate = path.join(current, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}
