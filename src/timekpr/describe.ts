import type { MachineConfig } from '../config/types.ts';
import { msg, type Words } from '../i18n/words.ts';
import { assertNever } from '../lib/result.ts';
import type { MachineFailure } from './client.ts';

/** A failure in a parent's words: what is wrong, and what to do about it (one line each). */
export interface FailureDescription {
  readonly problem: string;
  readonly fix: string;
}

export interface DescribeContext {
  readonly machine: MachineConfig;
  /** The command that onboards host keys, as the parent would type it. */
  readonly trustCommand: string;
}

/** Says what went wrong on a machine in the reader's words, with the fix. Pure. */
export function describeFailure(words: Words, failure: MachineFailure, { machine, trustCommand }: DescribeContext): FailureDescription {
  const t = (key: string, args?: Readonly<Record<string, string | number>>) => words.t(key, args);
  const where = machine.port === 22 ? machine.host : t('failure-where-port', { host: machine.host, port: String(machine.port) });
  const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
  switch (failure.kind) {
    case 'timeout':
      return failure.phase === 'connect'
        ? { problem: t('failure-timeout-connect', { seconds: seconds(failure.afterMs) }), fix: t('failure-timeout-connect-fix', { where }) }
        : { problem: t('failure-timeout-command', { seconds: seconds(failure.afterMs) }), fix: t('failure-timeout-command-fix') };
    case 'unreachable':
      return { problem: t('failure-unreachable', { reason: failure.reason }), fix: t('failure-unreachable-fix', { where }) };
    case 'host-not-found':
      return { problem: t('failure-host-not-found', { host: failure.host }), fix: t('failure-host-not-found-fix', { host: failure.host, machine: machine.id }) };
    case 'auth':
      return {
        problem: t('failure-auth', { user: failure.user }),
        fix: failure.methods.includes('key')
          ? t('failure-auth-key-fix', { key: machine.privateKeyFile ?? t('failure-auth-your-key'), user: failure.user })
          : t('failure-auth-password-fix'),
      };
    case 'host-key-unknown':
      return { problem: t('failure-host-key-unknown', { fingerprint: failure.fingerprint }), fix: t('failure-host-key-unknown-fix', { command: trustCommand }) };
    case 'host-key-mismatch':
      return failure.revoked
        ? { problem: t('failure-host-key-revoked', { fingerprint: failure.fingerprint }), fix: t('failure-host-key-revoked-fix', { file: failure.knownHostsFile }) }
        : {
            problem: t('failure-host-key-changed', { fingerprint: failure.fingerprint }),
            fix: t('failure-host-key-changed-fix', { file: failure.knownHostsFile, command: trustCommand }),
          };
    case 'connection-lost':
      return { problem: t(failure.commandSent ? msg('failure-connection-lost-running') : msg('failure-connection-lost')), fix: t('failure-connection-lost-fix') };
    case 'ssh-error':
      return { problem: t('failure-ssh-error', { message: failure.message }), fix: t('failure-ssh-error-fix') };
    case 'unknown-user':
      return { problem: t('failure-unknown-user', { login: failure.login }), fix: t('failure-unknown-user-fix') };
    case 'daemon-not-running':
      return { problem: t('failure-daemon-not-running'), fix: t('failure-daemon-not-running-fix') };
    case 'access-denied':
      return { problem: t('failure-access-denied', { user: machine.user }), fix: t('failure-access-denied-fix', { user: machine.user }) };
    case 'busy':
      return { problem: t('failure-busy'), fix: t('failure-busy-fix') };
    case 'rejected':
      return { problem: t('failure-rejected', { message: firstLine(failure.message) }), fix: t('failure-rejected-fix') };
    case 'invalid-request':
      return { problem: t('failure-invalid-request', { message: firstLine(failure.message) }), fix: t('failure-invalid-request-fix') };
    case 'timekpra-not-found':
      return { problem: t('failure-timekpra-not-found', { path: machine.timekpra }), fix: t('failure-timekpra-not-found-fix') };
    case 'unexpected-output':
      return { problem: t('failure-unexpected-output', { text: JSON.stringify(firstLine(failure.text)) }), fix: t('failure-unexpected-output-fix') };
    case 'helper-unavailable':
      return { problem: t('failure-helper-unavailable', { reason: firstLine(failure.reason) }), fix: t('failure-helper-unavailable-fix', { python: machine.python }) };
    case 'helper-outdated':
      return {
        problem: t('failure-helper-outdated', { version: String(failure.version), needed: String(failure.needed) }),
        fix: t('failure-helper-outdated-fix'),
      };
    case 'helper-failed':
      return { problem: t('failure-helper-failed', { message: firstLine(failure.message) }), fix: t('failure-helper-failed-fix') };
    default:
      return assertNever(failure);
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
