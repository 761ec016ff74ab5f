import type { Config } from '../../config/types.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { describeFailure } from '../../timekpr/describe.ts';
import type { ChangeFailure } from '../../household/change-time.ts';

/** What parents run on the bot's computer to trust a new host key. */
const TRUST_COMMAND = 'npm run check -- --trust-new';

/** A failure in a few plain words, for a chat line (not HTML-escaped). */
export function failureText(words: Words, config: Config, machineId: string, failure: ChangeFailure): string {
  if (failure.kind === 'no-account') {
    const name = config.children.get(failure.childId)?.name ?? failure.childId;
    return words.t('failure-no-account', { child: name, machine: failure.machineId });
  }
  const machine = config.machines.get(machineId);
  if (machine === undefined) return words.t('failure-unknown-machine');
  return describeFailure(words, failure, { machine, trustCommand: TRUST_COMMAND }).problem;
}

/**
 * A recorded failure's kind in a few words. What the ledger keeps of a failure is its kind alone, so these are the
 * problems above without their details.
 */
const FAILURE_KINDS: Readonly<Record<ChangeFailure['kind'], string>> = {
  timeout: msg('failure-kind-timeout'),
  unreachable: msg('failure-kind-unreachable'),
  'host-not-found': msg('failure-kind-host-not-found'),
  auth: msg('failure-kind-auth'),
  'host-key-unknown': msg('failure-kind-host-key-unknown'),
  'host-key-mismatch': msg('failure-kind-host-key-mismatch'),
  'connection-lost': msg('failure-connection-lost'),
  'ssh-error': msg('failure-kind-ssh-error'),
  'unknown-user': msg('failure-kind-unknown-user'),
  'daemon-not-running': msg('failure-daemon-not-running'),
  'access-denied': msg('failure-kind-access-denied'),
  busy: msg('failure-kind-busy'),
  rejected: msg('failure-kind-rejected'),
  'invalid-request': msg('failure-kind-invalid-request'),
  'timekpra-not-found': msg('failure-kind-timekpra-not-found'),
  'unexpected-output': msg('failure-kind-unexpected-output'),
  'no-account': msg('failure-kind-no-account'),
  'helper-unavailable': msg('failure-kind-helper-unavailable'),
  'helper-outdated': msg('failure-kind-helper-outdated'),
  'helper-failed': msg('failure-kind-helper-failed'),
};

/** A recorded failure kind in a few words; a kind this version does not know (from an older one) reads "error". */
export function failureKindText(words: Words, kind: string): string {
  return words.t(Object.hasOwn(FAILURE_KINDS, kind) ? (FAILURE_KINDS[kind as ChangeFailure['kind']] ?? msg('failure-kind-other')) : msg('failure-kind-other'));
}
