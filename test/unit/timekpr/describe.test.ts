import { describe, expect, test } from 'vitest';
import type { MachineConfig } from '../../../src/config/types.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import { describeFailure } from '../../../src/timekpr/describe.ts';
import { english } from '../../support/words.ts';

const machine: MachineConfig = {
  id: 'desk',
  host: 'desk.lan',
  port: 2222,
  user: 'tk-remote',
  privateKeyFile: '/etc/bot/id_ed25519',
  knownHostsFile: '/etc/bot/known_hosts',
  timekpra: '/usr/bin/timekpra',
  backend: 'auto',
  python: '/usr/bin/python3',
  connectTimeoutMs: 5000,
  commandTimeoutMs: 15000,
};
const trustCommand = 'npm run check -- --config config.yaml --trust-new';
const keyBlob = Buffer.from('key');

/** At least one failure of every kind: a new kind makes this fail to compile. */
const FAILURES: { [K in MachineFailure['kind']]: Extract<MachineFailure, { kind: K }>[] } = {
  timeout: [
    { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false },
    { kind: 'timeout', phase: 'command', afterMs: 1500, commandSent: true },
  ],
  unreachable: [{ kind: 'unreachable', reason: 'connection refused' }],
  'host-not-found': [{ kind: 'host-not-found', host: 'desktop.lan' }],
  auth: [
    { kind: 'auth', user: 'tk-remote', methods: ['key'] },
    { kind: 'auth', user: 'tk-remote', methods: ['password'] },
  ],
  'host-key-unknown': [{ kind: 'host-key-unknown', keyBlob, fingerprint: 'SHA256:abc', knownHostsFile: machine.knownHostsFile }],
  'host-key-mismatch': [
    { kind: 'host-key-mismatch', keyBlob, fingerprint: 'SHA256:new', knownHostsFile: machine.knownHostsFile, revoked: false },
    { kind: 'host-key-mismatch', keyBlob, fingerprint: 'SHA256:bad', knownHostsFile: machine.knownHostsFile, revoked: true },
  ],
  'connection-lost': [
    { kind: 'connection-lost', commandSent: false },
    { kind: 'connection-lost', commandSent: true },
  ],
  'ssh-error': [{ kind: 'ssh-error', message: 'handshake failed' }],
  'unknown-user': [{ kind: 'unknown-user', login: 'tknobody' }],
  'daemon-not-running': [{ kind: 'daemon-not-running' }],
  'access-denied': [{ kind: 'access-denied' }],
  busy: [{ kind: 'busy' }],
  rejected: [{ kind: 'rejected', message: 'PARAMETER PARSE ERROR\nmore' }],
  'invalid-request': [{ kind: 'invalid-request', message: 'login must be a Linux user name' }],
  'timekpra-not-found': [{ kind: 'timekpra-not-found' }],
  'unexpected-output': [{ kind: 'unexpected-output', text: 'x'.repeat(300) }],
  'helper-unavailable': [{ kind: 'helper-unavailable', reason: 'No module named dbus' }],
  'helper-outdated': [{ kind: 'helper-outdated', version: 1, needed: 2 }],
  'helper-failed': [{ kind: 'helper-failed', message: 'org.freedesktop.DBus.Error.Failed: boom', commandSent: true }],
};
const ALL: MachineFailure[] = Object.values(FAILURES).flat();

describe('describeFailure', () => {
  test.each(ALL.map((failure) => [failure.kind, failure] as const))('%s has a one-line problem and fix', (_kind, failure) => {
    const { problem, fix } = describeFailure(english, failure, { machine, trustCommand });
    for (const text of [problem, fix]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toContain('\n');
      expect(text).not.toContain('undefined');
    }
  });

  test('variants of one kind read differently', () => {
    for (const variants of Object.values(FAILURES)) {
      const texts = variants.map((failure) => JSON.stringify(describeFailure(english, failure, { machine, trustCommand })));
      expect(new Set(texts).size).toBe(variants.length);
    }
  });

  test('an unknown host key: fingerprint in the problem, the trust command in the fix', () => {
    const [failure] = FAILURES['host-key-unknown'];
    const { problem, fix } = describeFailure(english, failure!, { machine, trustCommand });
    expect(problem).toContain('SHA256:abc');
    expect(fix).toContain(trustCommand);
  });

  test('a changed host key names the known_hosts file and the trust command; a revoked one is not to be trusted again', () => {
    const [changed, revoked] = FAILURES['host-key-mismatch'];
    const changedText = describeFailure(english, changed!, { machine, trustCommand });
    expect(changedText.fix).toContain(machine.knownHostsFile);
    expect(changedText.fix).toContain(trustCommand);
    const revokedText = describeFailure(english, revoked!, { machine, trustCommand });
    expect(revokedText.problem).toContain('REVOKED');
    expect(revokedText.fix).not.toContain(trustCommand);
  });

  test('access denied: the fix adds the SSH user to group timekpr', () => {
    const { problem, fix } = describeFailure(english, { kind: 'access-denied' }, { machine, trustCommand });
    expect(problem).toContain(machine.user);
    expect(fix).toContain(`usermod -aG timekpr ${machine.user}`);
  });

  test('timeouts and the address say seconds and port', () => {
    const connect = describeFailure(english, FAILURES.timeout[0]!, { machine, trustCommand });
    expect(connect.problem).toContain('5 s');
    expect(connect.fix).toContain('desk.lan port 2222');
    expect(describeFailure(english, FAILURES.timeout[1]!, { machine, trustCommand }).problem).toContain('1.5 s');
  });

  test('a host name not found: the sentence parents read, and the setting to check', () => {
    const { problem, fix } = describeFailure(english, { kind: 'host-not-found', host: 'desktop.lan' }, { machine, trustCommand });
    expect(problem).toBe('host name desktop.lan not found: check host in the config');
    expect(fix).toContain('machines.desk.host');
    expect(fix).toContain('.local');
  });

  test('a key login refusal points at the key; timekpra-not-found at the configured path', () => {
    expect(describeFailure(english, FAILURES.auth[0]!, { machine, trustCommand }).fix).toContain(machine.privateKeyFile);
    expect(describeFailure(english, FAILURES.auth[1]!, { machine, trustCommand }).fix).toContain('SSH_PASSWORD');
    expect(describeFailure(english, { kind: 'timekpra-not-found' }, { machine, trustCommand }).problem).toContain(machine.timekpra);
  });

  test('long or multi-line texts are cut to one short line', () => {
    const { problem } = describeFailure(english, FAILURES['unexpected-output'][0]!, { machine, trustCommand });
    expect(problem.length).toBeLessThan(200);
    expect(describeFailure(english, FAILURES.rejected[0]!, { machine, trustCommand }).problem).not.toContain('more');
  });
});

describe('each refusal has its own words', () => {
  test('a request the client would not send points at the config, not at a bug', () => {
    const { problem, fix } = describeFailure(english, { kind: 'invalid-request', message: 'login must be a Linux user name' }, { machine, trustCommand });
    expect(problem).toBe('the command was not sent: login must be a Linux user name');
    expect(fix).toContain('children.<id>.accounts');
    expect(`${problem} ${fix}`).not.toMatch(/bug/i);
  });

  test("timekpra's own refusal is reported as a bug of the bot", () => {
    expect(describeFailure(english, { kind: 'rejected', message: 'PARAMETER PARSE ERROR' }, { machine, trustCommand }).fix).toMatch(/bug/);
  });
});
