import type { Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { MachineFailure, TimeChange, TimekprClient } from '../timekpr/client.ts';
import type { UserInfo } from '../timekpr/parse.ts';

/** One child's account on one machine, as last read. */
export interface AccountStatus {
  readonly childId: string;
  readonly machineId: string;
  readonly info: Result<UserInfo, MachineFailure>;
}

/** Every child's accounts, in config order (children, then their machines). */
export type StatusSnapshot = readonly AccountStatus[];

/** Reads every child on every machine: one round trip per machine, all machines at once. */
export async function readStatus(client: TimekprClient, config: Config): Promise<StatusSnapshot> {
  const loginsByMachine = new Map<string, string[]>();
  for (const child of config.children.values()) {
    for (const [machineId, login] of child.accounts) loginsByMachine.set(machineId, [...(loginsByMachine.get(machineId) ?? []), login]);
  }
  const answers = new Map(
    await Promise.all([...loginsByMachine].map(async ([machineId, logins]) => [machineId, await client.usersInfo(machineId, logins)] as const)),
  );
  return [...config.children.values()].flatMap((child) =>
    [...child.accounts].map(([machineId, login]): AccountStatus => {
      const answer = answers.get(machineId);
      if (answer === undefined || !answer.ok) return { childId: child.id, machineId, info: answer ?? err({ kind: 'ssh-error', message: 'not read' }) };
      return { childId: child.id, machineId, info: answer.value.get(login) ?? err({ kind: 'unexpected-output', text: '' }) };
    }),
  );
}

/** Changes a child's time on one machine by whole minutes (negative takes time away). */
export function changeMinutes(client: TimekprClient, config: Config, childId: string, machineId: string, minutes: number): Promise<Result<TimeChange, MachineFailure>> {
  const login = config.children.get(childId)?.accounts.get(machineId);
  if (login === undefined) return Promise.resolve(err({ kind: 'rejected', message: `${childId} has no account on ${machineId}` }));
  return client.changeTimeLeft(machineId, login, minutes < 0 ? '-' : '+', Math.abs(minutes) * 60);
}

/**
 * The snapshot with one account's state replaced by what a change read back, or by the failure that kept it from
 * running; the rest stays. Undefined when the change tells nothing certain about the account (it ran but was not
 * read back, or the connection broke after it was sent): then the account must be read again. Pure.
 */
export function withChange(
  snapshot: StatusSnapshot,
  childId: string,
  machineId: string,
  change: Result<TimeChange, MachineFailure>,
): StatusSnapshot | undefined {
  let info: AccountStatus['info'];
  if (change.ok) {
    if (change.value.kind === 'not-read-back') return undefined;
    info = ok(change.value.info);
  } else {
    if ('commandSent' in change.error && change.error.commandSent) return undefined;
    info = err(change.error);
  }
  return snapshot.map((account) => (account.childId === childId && account.machineId === machineId ? { ...account, info } : account));
}
