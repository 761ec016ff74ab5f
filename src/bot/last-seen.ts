import type { Config } from '../config/types.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';

/**
 * The same client, noting in the store each time a computer answers, and which children were logged in on it when
 * they were read: what `/status` shows for a computer that is off now ("off since 18:40, Mia was logged in").
 * `onAnswer` hears of every answer too (changes kept for a computer that was off are applied then).
 */
export function recordingLastSeen(
  client: TimekprClient,
  config: Config,
  store: Pick<Store, 'recordSeen'>,
  now: () => number = Date.now,
  onAnswer: (machineId: string) => void = () => undefined,
): TimekprClient {
  const recordSeen = (machineId: string, at: number, loggedIn?: readonly string[]) => {
    store.recordSeen(machineId, at, loggedIn);
    onAnswer(machineId);
  };
  return {
    async knownUsers(machineId) {
      const result = await client.knownUsers(machineId);
      if (result.ok) recordSeen(machineId, now());
      return result;
    },
    async usersInfo(machineId, logins) {
      const result = await client.usersInfo(machineId, logins);
      if (result.ok) {
        const loggedInLogins = new Set([...result.value].filter(([, info]) => info.ok && info.value.loggedIn).map(([login]) => login));
        // Only the children read now count; a partial read (one child) says nothing about the others.
        const readAll = childrenOn(config, machineId).every(([, login]) => logins.includes(login));
        const loggedIn = childrenOn(config, machineId).filter(([, login]) => loggedInLogins.has(login)).map(([childId]) => childId);
        recordSeen(machineId, now(), readAll ? loggedIn : undefined);
      }
      return result;
    },
    async changeTimeLeft(machineId, login, operation, seconds) {
      const result = await client.changeTimeLeft(machineId, login, operation, seconds);
      if (result.ok) recordSeen(machineId, now());
      return result;
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
