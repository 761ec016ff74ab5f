import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig, parseConfigText, type Env } from '../../src/config/load.ts';
import { formatConfigError } from '../../src/config/types.ts';
import { generateKey } from './ssh-keygen.ts';

const MINIMAL = `telegram:
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
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" is not in the text`);
  return text.replace(from, to);
}

function parseErrors(text: string): string[] {
  const result = parseConfigText(text, 'config.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map(formatConfigError);
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as config.yaml in a fresh temp folder and returns its absolute path. */
function writeConfig(text: string, dir = tempDir()): string {
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('parseConfigText', () => {
  test('accepts a minimal config', () => {
    const result = parseConfigText(MINIMAL, 'config.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.data.telegram.parents).toEqual([123456789]);
    expect(result.value.data.telegram.chats).toEqual([]);
    expect(result.value.data.children['mia']?.accounts).toEqual({ desktop: 'mia' });
  });

  test('names file, line and path of an account on an undefined machine', () => {
    const text = replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n      tablet: mia2\n');
    expect(parseErrors(text)).toEqual([
      `config.yaml:${lineOf(text, 'tablet: mia2')} children.mia.accounts.tablet: no machine "tablet" is defined under machines`,
    ]);
  });

  test('reports a mistyped key at its own line as not a known setting', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n    prot: 2222\n');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'prot: 2222')} machines.desktop.prot: is not a known setting (a typo?)`]);
  });

  test('reports a mistyped top-level section at its line', () => {
    const text = `${MINIMAL}sshh:\n  port: 22\n`;
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'sshh:')} sshh: is not a known setting (a typo?)`]);
  });

  test('reports a missing child name at the child', () => {
    const text = replaced(MINIMAL, '    name: Mia\n', '');
    expect(parseErrors(text)).toEqual([
      `config.yaml:${lineOf(text, 'accounts:')} children.mia.name: is missing: give the name parents call this child, e.g. name: Mia`,
    ]);
  });

  test('reports a missing machine host as missing, at the machine', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    port: 22\n');
    const [error, ...rest] = parseErrors(text);
    expect(rest).toEqual([]);
    expect(error).toBe(
      `config.yaml:${lineOf(text, 'port: 22')} machines.desktop.host: is missing: give the computer's host name or IP address, e.g. host: 192.168.1.20`,
    );
  });

  test('reports a missing telegram section as missing', () => {
    const text = replaced(MINIMAL, 'telegram:\n  parents: [123456789]\n', '');
    const [error, ...rest] = parseErrors(text);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^config\.yaml:\d+ telegram: is missing: add a telegram: section with the parents' Telegram user IDs/);
  });

  test('rejects an empty parents list and an empty file', () => {
    const text = replaced(MINIMAL, 'parents: [123456789]', 'parents: []');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'parents:')} telegram.parents: must list at least one parent`]);
    expect(parseErrors('')).toEqual(['config.yaml: is empty (copy config.example.yaml to start)']);
  });

  const badLogins = ['-rf', 'a;b', '$(x)', "it's", 'a"b', 'a\nb', 'Mia', 'a b', '`id`', 'a'.repeat(33), ''];
  test.each(badLogins)('rejects the login name %j', (login) => {
    const text = replaced(MINIMAL, 'desktop: mia', `desktop: ${JSON.stringify(login)}`);
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^config\\.yaml:${lineOf(text, '      desktop: ')} children\\.mia\\.accounts\\.desktop: must be a Linux user name`));
  });

  test.each(['a'.repeat(32), '_svc', 'mia-2', 'leo_1'])('accepts the login name %j', (login) => {
    const result = parseConfigText(replaced(MINIMAL, 'desktop: mia', `desktop: ${JSON.stringify(login)}`), 'config.yaml');
    expect(result.ok).toBe(true);
  });

  test('rejects a hostile ssh user', () => {
    const text = replaced(MINIMAL, '  desktop:\n', '  desktop:\n    user: "$(reboot)"\n');
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^config\\.yaml:${lineOf(text, 'user:')} machines\\.desktop\\.user: must be a Linux user name`));
  });

  test('rejects the same login on one machine for two children', () => {
    const text = `${MINIMAL}  leo:\n    name: Leo\n    accounts:\n      desktop: mia\n`;
    const lines = text.split('\n');
    const leoLine = lines.findIndex((line, index) => index > lineOf(text, 'leo:') && line.includes('desktop: mia')) + 1;
    expect(parseErrors(text)).toEqual([`config.yaml:${leoLine} children.leo.accounts.desktop: login "mia" on desktop already belongs to child "mia"`]);
  });

  test('reports a YAML syntax error with its line', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n    host: 192.168.1.21\n');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, '192.168.1.21')}: not valid YAML: Map keys must be unique`]);
  });

  test('reports an unclosed quote as not valid YAML with a line', () => {
    const text = replaced(MINIMAL, 'name: Mia', 'name: "Mia');
    const errors = parseErrors(text);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(/^config\.yaml:\d+: not valid YAML: /);
  });
});

describe('loadConfig', () => {
  test('loads a minimal config with a key; paths resolve against the config folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'keys'));
    const key = generateKey(path.join(dir, 'keys'), 'id_ed25519');
    const file = writeConfig(`${MINIMAL}ssh:\n  privateKeyFile: keys/id_ed25519\n  knownHostsFile: ./keys/hosts\n`, dir);
    const result = await loadConfig(file, {});
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
    const result = await loadConfig(file, {});
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
    connectTimeoutSeconds: 7
    commandTimeoutSeconds: 2.5
children:
  mia:
    name: Mia
    accounts:
      desktop: mia
      laptop: mia
`;
    const result = await loadConfig(writeConfig(text, dir), {});
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
      connectTimeoutMs: 7000,
      commandTimeoutMs: 2500,
    });
  });

  test('uses the built-in defaults when ssh: is absent', async () => {
    const dir = tempDir();
    const result = await loadConfig(writeConfig(MINIMAL, dir), { SSH_PASSWORD: 'pw' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const machine = result.value.config.machines.get('desktop');
    expect(machine?.user).toBe('timekpr-remote');
    expect(machine?.port).toBe(22);
    expect(machine?.privateKeyFile).toBeUndefined();
    expect(machine?.knownHostsFile).toBe(path.join(dir, 'keys', 'known_hosts'));
    expect(machine?.timekpra).toBe('/usr/bin/timekpra');
  });

  test('reports a missing config file', async () => {
    const missing = path.join(tempDir(), 'nope.yaml');
    const result = await loadConfig(missing, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([`${missing}: file not found (copy config.example.yaml to start)`]);
  });

  test('reports parse errors with the file name as given', async () => {
    const file = writeConfig(replaced(MINIMAL, 'parents: [123456789]', 'parents: [0]'));
    const result = await loadConfig(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map(formatConfigError)).toEqual([`${file}:2 telegram.parents.0: must be a Telegram user ID (a positive whole number)`]);
  });

  test('reports a missing key file once, at the ssh setting, even when shared by machines', async () => {
    const text = `${replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n  laptop:\n    host: laptop.lan\n')}ssh:\n  privateKeyFile: ./missing_key\n`;
    const dir = tempDir();
    const file = writeConfig(text, dir);
    const result = await loadConfig(file, {});
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
    const result = await loadConfig(file, {});
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
      const result = await loadConfig(file, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.map(formatConfigError)).toEqual([
        `${file}:${lineOf(text, 'privateKeyFile')} ssh.privateKeyFile: key file ${key.privateKeyFile}: is protected by a passphrase: set SSH_KEY_PASSPHRASE in the environment or .env`,
      ]);
    });

    test('reject a wrong passphrase without showing it', async () => {
      const result = await loadConfig(file, { SSH_KEY_PASSPHRASE: 'wrong-phrase-xyz' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.error.map(formatConfigError);
      expect(messages).toEqual([
        `${file}:${lineOf(text, 'privateKeyFile')} ssh.privateKeyFile: key file ${key.privateKeyFile}: cannot be unlocked: SSH_KEY_PASSPHRASE is wrong`,
      ]);
      expect(messages.join('\n')).not.toContain('wrong-phrase-xyz');
    });

    test('load with the right passphrase, which goes to the credentials', async () => {
      const result = await loadConfig(file, { SSH_KEY_PASSPHRASE: 'correct horse' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')?.passphrase).toBe('correct horse');
      expect(result.value.credentials.get('desktop')?.privateKey).toBeInstanceOf(Buffer);
    });
  });

  describe('password authentication', () => {
    const twoMachines = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n  kids-pc:\n    host: kids.lan\n');

    test('uses SSH_PASSWORD for every machine without a key', async () => {
      const result = await loadConfig(writeConfig(twoMachines), { SSH_PASSWORD: 'family-pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')).toEqual({ password: 'family-pw' });
      expect(result.value.credentials.get('kids-pc')).toEqual({ password: 'family-pw' });
    });

    test('SSH_PASSWORD_<ID> (upper case, - as _) wins for its machine', async () => {
      const result = await loadConfig(writeConfig(twoMachines), { SSH_PASSWORD: 'family-pw', SSH_PASSWORD_KIDS_PC: 'kids-pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')).toEqual({ password: 'family-pw' });
      expect(result.value.credentials.get('kids-pc')).toEqual({ password: 'kids-pw' });
    });

    test('a per-machine password alone covers only its machine', async () => {
      const file = writeConfig(twoMachines);
      const result = await loadConfig(file, { SSH_PASSWORD_DESKTOP: 'desk-secret-pw' });
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
        const result = await loadConfig(file, env);
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
      const result = await loadConfig(writeConfig(`${MINIMAL}ssh:\n  privateKeyFile: id\n`, dir), { SSH_PASSWORD: 'pw' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.credentials.get('desktop')?.password).toBe('pw');
      expect(result.value.credentials.get('desktop')?.privateKey).toBeInstanceOf(Buffer);
    });

    test('errors never contain the password, whatever else is wrong', async () => {
      const secret = 'S3cr3t-Pa55word';
      const text = `${replaced(twoMachines, '  kids-pc:\n    host: kids.lan\n', '  kids-pc:\n    host: kids.lan\n    privateKeyFile: no_such_key\n')}`;
      const file = writeConfig(text);
      const result = await loadConfig(file, { SSH_PASSWORD: secret, SSH_PASSWORD_KIDS_PC: secret, SSH_KEY_PASSPHRASE: secret });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = result.error.map(formatConfigError).join('\n');
      expect(messages).toContain('machines.kids-pc.privateKeyFile: key file');
      expect(messages).not.toContain(secret);
      expect(JSON.stringify(result.error)).not.toContain(secret);
    });
  });
});
