import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findUpwards } from '../../../src/lib/find-upwards.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A project folder with `helper/helper.py` at its top and code two levels down (as src/x/ and dist/ are). */
function project(): { readonly root: string; readonly deep: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'find-upwards-'));
  folders.push(root);
  mkdirSync(path.join(root, 'helper'));
  writeFileSync(path.join(root, 'helper', 'helper.py'), '');
  const deep = path.join(root, 'src', 'timekpr');
  mkdirSync(deep, { recursive: true });
  return { root, deep };
}

describe('findUpwards', () => {
  test('finds the file from deep inside the project and from its top', () => {
    const { root, deep } = project();
    expect(findUpwards(deep, path.join('helper', 'helper.py'))).toBe(path.join(root, 'helper', 'helper.py'));
    expect(findUpwards(root, path.join('helper', 'helper.py'))).toBe(path.join(root, 'helper', 'helper.py'));
  });

  test('the nearest one wins', () => {
    const { deep } = project();
    mkdirSync(path.join(deep, 'helper'));
    writeFileSync(path.join(deep, 'helper', 'helper.py'), '');
    expect(findUpwards(deep, path.join('helper', 'helper.py'))).toBe(path.join(deep, 'helper', 'helper.py'));
  });

  test('none up to the root: undefined', () => {
    const { deep } = project();
    expect(findUpwards(deep, path.join('no-such-folder-anywhere', 'x.ftl'))).toBeUndefined();
  });
});
