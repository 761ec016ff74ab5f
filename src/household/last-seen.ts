import type { Config } from '../config/types.ts';
import type { Clock } from '../lib/scheduler.ts';
import { offIfSeenBefore } from '../ssh/failure.ts';
import type { Store } from '../storage/store.ts';
import type { AnswerObserver } from '../timekpr/observed.ts';

/**
 * Notes in the store each time a computer answers, and which children were logged in on it when they were read: what
 * `/status` shows for a computer that is off now ("off since 18:40, Mia was logged in"). A host name not found, of a
 * computer that answered before, is told as that computer being off (`offIfSeenBefore`): a `.local` name vanishes
 * while its computer sleeps. Of one that never answered, it stays a mistake in the config.
 */
export function lastSeenObserver(config: Config, store: Pick<Store, 'recordSeen' | 'lastSeen'>, now: Clock = Date.now): AnswerObserver {
  return {
    answered(machineId, answer) {
      if (answer.kind !== 'users') {
        store.recordSeen(machineId, now());
        return;
      }
      const loggedInLogins = new Set([...answer.infos].filter(([, info]) => info.ok && info.value.loggedIn).map(([login]) => login));
      // Only the children read now count; a partial read (one child) says nothing about the others.
      const readAll = childrenOn(config, machineId).every(([, login]) => answer.logins.includes(login));
      const loggedIn = childrenOn(config, machineId).filter(([, login]) => loggedInLogins.has(login)).map(([childId]) => childId);
      store.recordSeen(machineId, now(), readAll ? loggedIn : undefined);
    },
    failed: (machineId, failure) => (failure.kind === 'host-not-found' ? offIfSeenBefore(failure, store.lastSeen(machineId) !== undefined) : failure),
  };
}

/** [child id, login] of every child with an account on the machine. */
function childrenOn(config: Config, machineId: string): [string, string][] {
  return [...config.children.values()].flatMap((child) => {
    const login = child.accounts.get(machineId);
    return login === undefined ? [] : [[child.id, login] as [string, string]];
  });
}
