import type { Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import type { ChangeResult } from './apply.ts';
import { mayHaveRun, type ChangeFailure } from './change-time.ts';
import type { UserInfo } from '../timekpr/parse.ts';

/** One child's account on one machine, as last read. */
export interface AccountStatus {
  readonly childId: string;
  readonly machineId: string;
  readonly info: Result<UserInfo, ChangeFailure>;
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

/**
 * The snapshot with one account's state replaced by what a change read back, or by the failure that kept it from
 * running; the rest stays. Undefined when the change tells nothing certain about the account (it ran but was not
 * read back, or the connection broke after it was sent): then the account must be read again. Pure.
 */
export function withChange(
  snapshot: StatusSnapshot,
  childId: string,
  machineId: string,
  change: ChangeResult,
): StatusSnapshot | undefined {
  let info: AccountStatus['info'];
  if (change.ok) {
    if (change.value.kind === 'not-read-back') return undefined;
    info = ok(change.value.info);
  } else {
    if (mayHaveRun(change.error)) return undefined;
    info = err(change.error);
  }
  return snapshot.map((account) => (account.childId === childId && account.machineId === machineId ? { ...account, info } : account));
}
