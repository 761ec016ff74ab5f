import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildSetupScript } from '../../../src/ssh/setup-script.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7x1m3Zq0f4nT6bQ2u5y8w9vA1sD3fG5hJ7kL9pQ0rS timekpr-bot';

/** A stand-in for setup-computer.sh that prints what it was given and the helper it found. */
const ECHO_SETUP = `#!/bin/sh
printf 'args:'
for a in "$@"; do printf ' [%s]' "$a"; done
printf '\\n'
while [ $# -gt 0 ]; do
  if [ "$1" = "--helper" ]; then printf 'helper: %s\\n' "$(cat "$2")"; fi
  shift
done
`;

describe('the setup script served for one computer', () => {
  test('runs the carried setup script with the key, the user and the carried helper, byte for byte', () => {
    const helper = "#!/usr/bin/env python3\nprint('héllo $HOME `x` \\'q\\'')\n" + 'x'.repeat(500);
    const built = buildSetupScript({ setupScript: ECHO_SETUP, helper, publicKeyLine: KEY, user: 'timekpr-remote' });
    expect(built.ok).toBe(true);
    const file = path.join(dir, 'served.sh');
    writeFileSync(file, built.ok ? built.value : '');
    const output = execFileSync('sh', [file], { encoding: 'utf8' });
    expect(output).toMatch(/^args: \[--user\] \[timekpr-remote\] \[--key\] \[ssh-ed25519 AAAA\S+ timekpr-bot\] \[--helper\] \[\/\S+\/timekpr-bot-helper\.py\]\n/);
    expect(output.split('helper: ')[1]).toBe(`${helper}\n`);
  });

  test('a key or user a shell could read otherwise is refused before anything is built', () => {
    const base = { setupScript: ECHO_SETUP, helper: '', publicKeyLine: KEY, user: 'timekpr-remote' };
    expect(buildSetupScript({ ...base, publicKeyLine: `${KEY}'; rm -rf /; '` }).ok).toBe(false);
    expect(buildSetupScript({ ...base, publicKeyLine: 'ssh-dss AAAA' }).ok).toBe(false);
    expect(buildSetupScript({ ...base, user: 'root; id' }).ok).toBe(false);
    expect(buildSetupScript({ ...base, user: 'Timekpr' }).ok).toBe(false);
  });
});
