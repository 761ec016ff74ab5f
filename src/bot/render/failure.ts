import type { Config } from '../../config/types.ts';
import { describeFailure } from '../../timekpr/describe.ts';
import type { ChangeFailure } from '../change-time.ts';

/** What parents run on the bot's computer to trust a new host key. */
const TRUST_COMMAND = 'npm run check -- --trust-new';

/** A failure in a few plain words, for a chat line (not HTML-escaped). */
export function failureText(config: Config, machineId: string, failure: ChangeFailure): string {
  if (failure.kind === 'no-account') {
    const name = config.children.get(failure.childId)?.name ?? failure.childId;
    return `${name} has no account on ${failure.machineId} in the config`;
  }
  const machine = config.machines.get(machineId);
  if (machine === undefined) return 'unknown computer';
  return describeFailure(failure, { machine, trustCommand: TRUST_COMMAND }).problem;
}

/** A few words for each kind of failure: what the ledger keeps of a failure is its kind. */
const FAILURE_KIND_WORDS: Readonly<Record<ChangeFailure['kind'], string>> = {
  timeout: 'no answer in time',
  unreachable: 'not reachable',
  'host-not-found': 'host name not found',
  auth: 'SSH login refused',
  'host-key-unknown': 'host key not trusted yet',
  'host-key-mismatch': 'host key changed',
  'connection-lost': 'the connection broke',
  'ssh-error': 'SSH error',
  'unknown-user': 'Timekpr-nExT does not know the login',
  'daemon-not-running': 'Timekpr-nExT is not running',
  'access-denied': 'the SSH user may not use Timekpr-nExT',
  busy: 'Timekpr-nExT was busy',
  rejected: 'timekpra refused the command',
  'invalid-request': 'not sent: check the config',
  'timekpra-not-found': 'timekpra not found',
  'unexpected-output': 'unexpected answer from timekpra',
  'no-account': 'no such account in the config',
  'helper-unavailable': "the bot's helper cannot run there",
  'helper-failed': "Timekpr-nExT's D-Bus call failed",
};

/** A recorded failure kind in a few words; a kind this version does not know (from an older one) reads "error". */
export function failureKindText(kind: string): string {
  return Object.hasOwn(FAILURE_KIND_WORDS, kind) ? FAILURE_KIND_WORDS[kind as ChangeFailure['kind']] : 'error';
}
