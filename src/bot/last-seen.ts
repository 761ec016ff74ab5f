import type { Config } from '../config/types.ts';
import { err, type Result } from '../lib/result.ts';
import { offIfSeenBefore } from '../ssh/failure.ts';
import type { Store } from '../storage/store.ts';
import type { MachineFailure, TimekprClient } from '../timekpr/client.ts';

/**
 * The same client, noting in the store each time a computer answers, and which children were logged in on it when
 * they were read: what `/status` shows for a computer that is off now ("off since 18:40, Mia was logged in").
 * `onAnswer` hears of every answer too (changes kept for a computer that was off are applied then). A host name not
 * found, of a computer that answered before, is told as that computer being off (`offIfSeenBefore`): a `.local` name
 * vanishes while its computer sleeps. Of one that never answered, it stays a mistake in the config.
 */
export function recordingLastSeen(
  client: TimekprClient,
  config: Config,
  store: Pick<Store, 'recordSeen' | 'lastSeen'>,
  now: () => number = Date.now,
  onAnswer: (machineId: string) => void = () => undefined,
): TimekprClient {
  const recordSeen = (machineId: string, at: number, loggedIn?: readonly string[]) => {
    store.recordSeen(machineId, at, loggedIn);
    onAnswer(machineId);
  };
  const failed = <T>(machineId: string, result: Result<T, MachineFailure>): Result<T, MachineFailure> =>
    result.ok || result.error.kind !== 'host-not-found' ? result : err(offIfSeenBefore(result.error, store.lastSeen(machineId) !== undefined));
  return {
    async knownUsers(machineId) {
      const result = await client.knownUsers(machineId);
      if (result.ok) recordSeen(machineId, now());
      return failed(machineId, result);
    },
    async usersInfo(machineId, logins) {
      const result = await client.usersInfo(machineId, logins);
      if (!result.ok) return failed(machineId, result);
      const loggedInLogins = new Set([...result.value].filter(([, info]) => info.ok && info.value.loggedIn).map(([login]) => login));
      // Only the children read now count; a partial read (one child) says nothing about the others.
      const readAll = childrenOn(config, machineId).every(([, login]) => logins.includes(login));
      const loggedIn = childrenOn(config, machineId).filter(([, login]) => loggedInLogins.has(login)).map(([childId]) => childId);
      recordSeen(machineId, now(), readAll ? loggedIn : undefined);
      return result;
    },
    async changeTimeLeft(machineId, login, operation, seconds) {
      const result = await client.changeTimeLeft(machineId, login, operation, seconds);
      if (result.ok) recordSeen(machineId, now());
      return failed(machineId, result);
    },
  };
}

/** [child id, login] of every child with an account on the machine. */
function childrenOn(config: Config, machineId: string): [string, string][] {
  return [...config.children.values()].flatMap((child) => {
    const login = child.accounts.get(machineId);
    return login === undefined ? [] : [[child.id, login] as [string, string]];
  });
}
