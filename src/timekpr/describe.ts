import type { MachineConfig } from '../config/types.ts';
import { assertNever } from '../lib/result.ts';
import { formatSeconds } from '../lib/duration.ts';
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

/** Says what went wrong on a machine in plain words, with the fix. Pure. */
export function describeFailure(failure: MachineFailure, { machine, trustCommand }: DescribeContext): FailureDescription {
  const where = machine.port === 22 ? machine.host : `${machine.host} port ${machine.port}`;
  switch (failure.kind) {
    case 'timeout':
      return failure.phase === 'connect'
        ? {
            problem: `not reachable (timed out after ${formatSeconds(failure.afterMs)})`,
            fix: `Is the computer switched on and on the network? Check that ${where} is right.`,
          }
        : {
            problem: `no answer (the command timed out after ${formatSeconds(failure.afterMs)})`,
            fix: 'The computer may be asleep or very busy: try again in a moment.',
          };
    case 'unreachable':
      return { problem: `not reachable (${failure.reason})`, fix: `Is the computer switched on, and does ${where} run an SSH server?` };
    case 'host-not-found':
      return {
        problem: `host name ${failure.host} not found: check host in the config`,
        fix: `The bot's computer knows no computer named ${failure.host}: check machines.${machine.id}.host for a typo, or use the computer's IP address. A name ending in .local is found only while that computer is on.`,
      };
    case 'auth':
      return {
        problem: `SSH login refused for user "${failure.user}"`,
        fix: failure.methods.includes('key')
          ? `Add the public key of ${machine.privateKeyFile ?? 'your key'} to ~${failure.user}/.ssh/authorized_keys on the computer.`
          : 'Check SSH_PASSWORD in .env and that password login is allowed for this user.',
      };
    case 'host-key-unknown':
      return {
        problem: `its host key is not trusted yet (${failure.fingerprint})`,
        fix: `If that is your computer's key, run: ${trustCommand}`,
      };
    case 'host-key-mismatch':
      return failure.revoked
        ? {
            problem: `it offered a REVOKED host key (${failure.fingerprint})`,
            fix: `Refused. The key is marked @revoked in ${failure.knownHostsFile}.`,
          }
        : {
            problem: `its host key has CHANGED (now ${failure.fingerprint})`,
            fix: `Refused. If the computer was reinstalled, delete its line from ${failure.knownHostsFile} and run: ${trustCommand}. If not, someone may be intercepting the connection.`,
          };
    case 'connection-lost':
      return {
        problem: failure.commandSent ? 'the connection broke while the command ran' : 'the connection broke',
        fix: 'Try again; check the network if it keeps happening.',
      };
    case 'ssh-error':
      return { problem: `SSH error: ${failure.message}`, fix: 'Check the ssh settings of this machine in the config.' };
    case 'unknown-user':
      return {
        problem: `Timekpr-nExT has no user "${failure.login}" here`,
        fix: 'Check the login name under children.<id>.accounts; the child must have logged in there once.',
      };
    case 'daemon-not-running':
      return { problem: 'Timekpr-nExT is not running', fix: 'On the computer run: sudo systemctl restart timekpr' };
    case 'access-denied':
      return {
        problem: `SSH user "${machine.user}" may not use Timekpr-nExT`,
        fix: `On the computer run: sudo usermod -aG timekpr ${machine.user}`,
      };
    case 'busy':
      return { problem: 'Timekpr-nExT was busy with another command', fix: 'Try again in a moment.' };
    case 'rejected':
      return { problem: `timekpra refused the command (${firstLine(failure.message)})`, fix: 'This is a bug in timekpr-bot: please report it.' };
    case 'invalid-request':
      return {
        problem: `the command was not sent: ${firstLine(failure.message)}`,
        fix: 'Check ssh.timekpra and the login names under children.<id>.accounts in the config.',
      };
    case 'timekpra-not-found':
      return {
        problem: `timekpra not found at ${machine.timekpra}`,
        fix: 'Install Timekpr-nExT there (sudo apt install timekpr-next) or set ssh.timekpra to its path.',
      };
    case 'unexpected-output':
      return {
        problem: `unexpected answer from timekpra: ${JSON.stringify(firstLine(failure.text))}`,
        fix: 'Check that the computer runs Timekpr-nExT 0.5.',
      };
    case 'helper-unavailable':
      return {
        problem: `the bot's helper cannot run there: ${firstLine(failure.reason)}`,
        fix: `Check ssh.python (${machine.python}) and that python3-dbus is installed there, or set ssh.backend to timekpra.`,
      };
    case 'helper-failed':
      return {
        problem: `Timekpr-nExT's D-Bus call failed: ${firstLine(failure.message)}`,
        fix: 'Try again; if it keeps happening, restart Timekpr-nExT there (sudo systemctl restart timekpr).',
      };
    default:
      return assertNever(failure);
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
