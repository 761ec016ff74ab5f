import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSetup } from '../../../src/cli/setup.ts';
import { formatConfigError } from '../../../src/config/types.ts';
import type { Env } from '../../../src/lib/env.ts';
import { lineOf, MINIMAL, replaced, tempConfigDir as tempDir, writeConfig } from '../../support/config-text.ts';
import { generateKey } from '../../support/ssh-keygen.ts';

describe('loadSetup: the config file, then the credentials', () => {  test('loads a minimal config with a key; paths resolve against the config folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'keys'));
    const key = generateKey(path.join(dir, 'keys'), 'id_ed25519');
    const file = writeConfig(`${MINIMAL}ssh:\n  privateKeyFile: keys/id_ed25519\n  knownHostsFile: ./keys/hosts\n`, dir);
    const result = await loadSetup(file, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const machine = result.value.config.machines.get('desktop');
    expect(machine?.privateKeyFile).toBe(key.privateKeyFile);
    expect(machine?.knownHostsFile).toBe(path.join(dir, 'keys', 'hosts'));
    expect(result.value.credentials.get('desktop')?.privateKey?.toString()).toContain('PRIVATE KEY');
    expect(result.value.credentials.get('desktop')?.password).toBeUndefined();
    expect(result.value.config.children.get('mia')?.accounts.get('desktop')).toBe('mia');
  });

  test('resolves relative paths against the config file, not the working directory', async () => {
    const root = tempDir();
    const configDir = path.join(root, 'etc', 'bot');
    mkdirSync(configDir, { recursive: true });
    const key = generateKey(root, 'shared_key');
    const file = writeConfig(
      `${MINIMAL}ssh:\n  privateKeyFile: ../../shared_key\n  knownHostsFile: hosts/known_hosts\n`,
      configDir,
    );
    const result = await loadSetup(file, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const machine = result.value.config.machines.get('desktop');
    expect(machine?.privateKeyFile).toBe(key.privateKeyFile);
    expect(machine?.knownHostsFile).toBe(path.join(configDir, 'hosts', 'known_hosts'));
  });

  test('applies ssh defaults and lets a machine override each of them', async () => {
    const dir = tempDir();
    generateKey(dir, 'default_key');
    const override = generateKey(dir, 'laptop_key');
    const text = `telegram:
  parents: [1]
ssh:
  user: bot-user
  port: 2200
  privateKeyFile: default_key
  knownHostsFile: default_hosts
  timekpra: /opt/timekpr/bin/timekpra
  backend: dbus
  python: /usr/bin/python3.11
  connectTimeoutSeconds: 3
  commandTimeoutSeconds: 30
machines:
  desktop:
    host: 192.168.1.20
  laptop:
    host: laptop.lan
    user: other
    port: 2222
    privateKeyFile: laptop_key
    knownHostsFile: /etc/bot/laptop_hosts
    timekpra: /usr/local/bin/timekpra
    backend: timekpra
    python: /opt/python/bin/python3
    connectTimeoutSeconds: 7
    commandTimeoutSeconds: 2.5
children:
  mia:
    name: Mia
    accounts:
      desktop: mia
      laptop: mia
`;
    const result = await loadSetup(writeConfig(text, dir), {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.config.machines.get('desktop')).toEqual({
      id: 'desktop',
      host: '192.168.1.20',
      port: 2200,
      user: 'bot-user',
      privateKeyFile: path.join(dir, 'default_key'),
      knownHostsFile: path.join(dir, 'default_hosts'),
      timekpra: '/opt/timekpr/bin/timekpra',
      backend: 'dbus',
      python: '/usr/bin/python3.11',
      connectTimeoutMs: 3000,
      commandTimeoutMs: 30000,
    });
    expect(result.value.config.machines.get('laptop')).toEqual({
      id: 'laptop',
      host: 'laptop.lan',
      port: 2222,
      user: 'other',
      privateKeyFile: override.privateKeyFile,
      knownHostsFile: '/etc/bot/laptop_hosts',
      timekpra: '/usr/local/bin/timekpra',
      backend: 'timekpra',
      python: '/opt/python/bin/python3',
      connectTimeoutMs: 7000,
      commandTimeoutMs: 2500,
    });
  });

  test('uses the built-in defaults when ssh: is absent', async () => {
    const dir = tempDir();
    const result = await loadSetup(writeConfig(MINIMAL, dir), { SSH_PASSWORD: 'pw' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const machine = result.value.config.machines.get('desktop');
    expect(machine?.user).toBe('timekpr-remote');
    expect(machine?.port).toBe(22);
    expect(machine?.backend).toBe('auto');
    expect(machine?.python).toBe('/usr/bin/python3');
    expect(machine?.privateKeyFile).toBeUndefined();
    expect(machine?.knownHostsFile).toBe(path.join(dir, 'keys', 'known_hosts'));
    expect(machine?.timekpra).toBe('/usr/bin/timekpra');
  });

  test('reports a missing config file', async () => {
    const missing = path.join(tempDir(), 'nope.yaml');
    const result = await loadSetup(missing, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([`${missing}: file not found: start the bot (npm start) to set it up from the chat, or create it from config.example.yaml`]);
  });

  test('reports an empty folder in place of the config as config.yaml missing (what Docker makes of a missing file)', async () => {
    const folder = path.join(tempDir(), 'config.yaml');
    mkdirSync(folder);
    const result = await loadSetup(folder, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([
      `${folder}: is an empty folder, not the config file: Docker makes one when config.yaml is missing. Stop the bot ` +
        '(docker compose down), remove that folder, create config.yaml from config.example.yaml next to compose.yaml ' +
        '(README, "Setting up by hand"), and start it again (docker compose up -d)',
    ]);
  });

  test('reports a folder with files in it as a folder, not the config file', async () => {
    const folder = tempDir();
    writeConfig(MINIMAL, folder);
    const result = await loadSetup(folder, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([`${folder}: is a folder, not a file: give the path of the config file itself`]);
  });

  test('reports parse errors with the file name as given', async () => {
    const file = writeConfig(replaced(MINIMAL, 'parents: [123456789]', 'parents: [0]'));
    const result = await loadSetup(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([`${file}:2 telegram.parents.0: must be a Telegram user ID (a positive whole number)`]);
  });

  test('reports a missing key file once, at the ssh setting, even when shared by machines', async () => {
    const text = `${replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n  laptop:\n    host: laptop.lan\n')}ssh:\n  privateKeyFile: ./missing_key\n`;
    const dir = tempDir();
    const file = writeConfig(text, dir);
    const result = await loadSetup(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([
      `${file}:${lineOf(text, 'privateKeyFile')} ssh.privateKeyFile: key file ${path.join(dir, 'missing_key')} not found`,
    ]);
  });

  test('reports a machine key at the machine setting', async () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n    privateKeyFile: gone\n');
    const dir = tempDir();
    const file = writeConfig(text, dir);
    const result = await loadSetup(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([
      `${file}:${lineOf(text, 'privateKeyFile')} machines.desktop.privateKeyFile: key file ${path.join(dir, 'gone')} not found`,
    ]);
  });

  describe('encrypted keys', () => {
    const dir = tempDir();
    const key = generateKey(dir, 'locked', { passphrase: 'correct horse' });
    const text = `${MINIMAL}ssh:\n  privateKeyFile: locked\n`;
    const file = writeConfig(text, dir);

    test('need SSH_KEY_PASSPHRASE', async () => {
      const result = await loadSetup(file, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.map(formatConfigError)).toEqual([
        `${file}:${lineOf(text, 'privateKeyFile')} ssh.privateKeyFile: key file ${key.privateKeyFile}: is protected by a passphrase: set SSH_KEY_PASSPHRASE in the environment or .env`,
      ]);
    });

    test('reject a wrong passphrase without showing it', async () => {
      const result = await loadSetup(file, { SSH_KEY_PASSPHRASE: 'wrong-phrase-xyz' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.error.map(formatConfigError);
      expect(messages).toEqual([
        `${file}:${lineOf(text, 'privateKeyFile')} ssh.privateKeyFile: key file ${key.privateKeyFile}: cannot be unlocked: SSH_KEY_PASSPHRASE is wrong`,
      ]);
      expect(messages.join('\n')).not.toContain('wrong-phrase-xyz');
    });

    test('load with the right passphrase, which goes to the credentials', async () => {
      const result = await loadSetup(file, { SSH_KEY_PASSPHRASE: 'correct horse' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')?.passphrase).toBe('correct horse');
      expect(result.value.credentials.get('desktop')?.privateKey).toBeInstanceOf(Buffer);
    });
  });

  describe('password authentication', () => {
    const twoMachines = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n  kids-pc:\n    host: kids.lan\n');

    test('uses SSH_PASSWORD for every machine without a key', async () => {
      const result = await loadSetup(writeConfig(twoMachines), { SSH_PASSWORD: 'family-pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')).toEqual({ password: 'family-pw' });
      expect(result.value.credentials.get('kids-pc')).toEqual({ password: 'family-pw' });
    });

    test('SSH_PASSWORD_<ID> (upper case, - as _) wins for its machine', async () => {
      const result = await loadSetup(writeConfig(twoMachines), { SSH_PASSWORD: 'family-pw', SSH_PASSWORD_KIDS_PC: 'kids-pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')).toEqual({ password: 'family-pw' });
      expect(result.value.credentials.get('kids-pc')).toEqual({ password: 'kids-pw' });
    });

    test('a per-machine password alone covers only its machine', async () => {
      const file = writeConfig(twoMachines);
      const result = await loadSetup(file, { SSH_PASSWORD_DESKTOP: 'desk-secret-pw' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.error.map(formatConfigError);
      expect(messages).toEqual([
        `${file}:${lineOf(twoMachines, 'host: kids.lan')} machines.kids-pc: has no privateKeyFile (here or under ssh:) and SSH_PASSWORD is not set: set one of them`,
      ]);
      expect(messages.join('\n')).not.toContain('desk-secret-pw');
    });

    test('no key and no password is an error; an empty password counts as none', async () => {
      const file = writeConfig(MINIMAL);
      for (const env of [{}, { SSH_PASSWORD: '' }] satisfies Env[]) {
        const result = await loadSetup(file, env);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.map(formatConfigError)).toEqual([
          `${file}:${lineOf(MINIMAL, 'host:')} machines.desktop: has no privateKeyFile (here or under ssh:) and SSH_PASSWORD is not set: set one of them`,
        ]);
      }
    });

    test('a key and a password are both passed on', async () => {
      const dir = tempDir();
      generateKey(dir, 'id');
      const result = await loadSetup(writeConfig(`${MINIMAL}ssh:\n  privateKeyFile: id\n`, dir), { SSH_PASSWORD: 'pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')?.password).toBe('pw');
      expect(result.value.credentials.get('desktop')?.privateKey).toBeInstanceOf(Buffer);
    });

    test('errors never contain the password, whatever else is wrong', async () => {
      const secret = 'S3cr3t-Pa55word';
      const text = `${replaced(twoMachines, '  kids-pc:\n    host: kids.lan\n', '  kids-pc:\n    host: kids.lan\n    privateKeyFile: no_such_key\n')}`;
      const file = writeConfig(text);
      const result = await loadSetup(file, { SSH_PASSWORD: secret, SSH_PASSWORD_KIDS_PC: secret, SSH_KEY_PASSPHRASE: secret });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.error.map(formatConfigError).join('\n');
      expect(messages).toContain('machines.kids-pc.privateKeyFile: key file');
      expect(messages).not.toContain(secret);
      expect(JSON.stringify(result.error)).not.toContain(secret);
    });
  });
});
