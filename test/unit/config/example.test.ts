import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { isMap, parseDocument } from 'yaml';
import { loadSetup } from '../../../src/cli/setup.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import { formatConfigError } from '../../../src/config/types.ts';
import { generateKey } from '../../support/ssh-keygen.ts';

const EXAMPLE = new URL('../../../config.example.yaml', import.meta.url);

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('config.example.yaml passes the real schema', () => {
  const result = parseConfigText(readFileSync(EXAMPLE, 'utf8'), 'config.example.yaml');
  expect(result.ok ? [] : result.error.map(formatConfigError)).toEqual([]);
  expect(result.ok).toBe(true);
});

test('config.example.yaml loads once its key file exists (or a password is set)', async () => {
  // A temp copy whose every privateKeyFile points at a freshly generated key.
  const key = generateKey(dir, 'id_ed25519');
  const doc = parseDocument(readFileSync(EXAMPLE, 'utf8'));
  if (doc.hasIn(['ssh', 'privateKeyFile'])) doc.setIn(['ssh', 'privateKeyFile'], key.privateKeyFile);
  const machines = doc.get('machines', true);
  const machineIds = isMap(machines) ? machines.items.map((item) => String(item.key)) : [];
  for (const id of machineIds) {
    if (doc.hasIn(['machines', id, 'privateKeyFile'])) doc.setIn(['machines', id, 'privateKeyFile'], key.privateKeyFile);
  }
  const copy = path.join(dir, 'config.yaml');
  writeFileSync(copy, doc.toString());

  const result = await loadSetup(copy, { SSH_PASSWORD: 'example-password' });
  expect(result.ok ? [] : result.error.map(formatConfigError)).toEqual([]);
  if (!result.ok) return;
  expect(machineIds.length).toBeGreaterThan(0);
  expect([...result.value.config.machines.keys()]).toEqual(machineIds);
  for (const id of machineIds) expect(result.value.credentials.has(id)).toBe(true);
});
