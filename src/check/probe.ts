import type { ChildConfig, Config, MachineConfig } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { BackendInUse } from '../timekpr/backend.ts';
import type { MachineFailure, TimekprClient } from '../timekpr/client.ts';
import type { TimekpraProblem, UserInfo } from '../timekpr/parse.ts';

/** One child's account on the machine and what Timekpr-nExT said about it. */
export interface AccountReport {
  readonly child: ChildConfig;
  readonly login: string;
  /** Undefined when the machine itself failed, so the account could not be read. */
  readonly info: Result<UserInfo, TimekpraProblem> | undefined;
}

/** Everything `check` learnt about one machine. */
export interface MachineReport {
  readonly machine: MachineConfig;
  /** The logins Timekpr-nExT knows there, or why the machine could not be used at all. */
  readonly status: Result<{ readonly knownUsers: readonly string[] }, MachineFailure>;
  readonly accounts: readonly AccountReport[];
  /** How the bot talks to the machine; undefined when that could not be decided (the machine failed first). */
  readonly backend?: BackendInUse | undefined;
}

/** The children's accounts on one machine, in config order. */
function accountsOn(config: Config, machineId: string): { child: ChildConfig; login: string }[] {
  return [...config.children.values()].flatMap((child) => {
    const login = child.accounts.get(machineId);
    return login === undefined ? [] : [{ child, login }];
  });
}

/** The report of a machine that failed before anything could be read: every account unread. */
export function unreadable(config: Config, machine: MachineConfig, failure: MachineFailure): MachineReport {
  return { machine, status: err(failure), accounts: accountsOn(config, machine.id).map(({ child, login }) => ({ child, login, info: undefined })) };
}

/** Connects, proves Timekpr-nExT can be used, and reads every child account on the machine. */
export async function probeMachine(client: TimekprClient, config: Config, machine: MachineConfig): Promise<MachineReport> {
  const accounts = accountsOn(config, machine.id);
  const unread = accounts.map(({ child, login }) => ({ child, login, info: undefined }));
  const done = (status: MachineReport['status'], reports: AccountReport[]): MachineReport => ({
    machine,
    status,
    accounts: reports,
  });

  const known = await client.knownUsers(machine.id);
  if (!known.ok) return done(known, unread);
  if (accounts.length === 0) return done(ok({ knownUsers: known.value }), []);

  const infos = await client.usersInfo(
    machine.id,
    accounts.map((account) => account.login),
  );
  if (!infos.ok) return done(err(infos.error), unread);
  const reports = accounts.map(({ child, login }) => ({
    child,
    login,
    info: infos.value.get(login) ?? err({ kind: 'unexpected-output', text: '' } as const),
  }));
  return done(ok({ knownUsers: known.value }), reports);
}
