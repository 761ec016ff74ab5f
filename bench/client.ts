import pino from 'pino';
import type { ExecBatch } from '../src/ssh/exec-batch.ts';
import { SshPool } from '../src/ssh/pool.ts';
import type { Result } from '../src/lib/result.ts';
import { createTimekpraClient, type MachineFailure, type TimekprClient } from '../src/timekpr/client.ts';
import { benchHost, measure, ratio, summary } from './setup.ts';
import type { Setup } from '../src/cli/setup.ts';

const logger = pino({ level: 'silent' });

/** An executor that opens a new SSH connection for every batch: what the bot would cost without the pool. */
export function freshConnectionExec(loaded: Setup): ExecBatch {
  return async (machineId, commands) => {
    const pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger });
    try {
      return await pool.exec(machineId, commands);
    } finally {
      await pool.close();
    }
  };
}

/** A call's success, or an error that says what failed (the bench stops there). */
function succeeded(what: string, result: Result<unknown, MachineFailure>): true {
  if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result.error)}`);
  return true;
}

/** The timekpra client alone: status and change + re-read, warm vs fresh connection. */
export async function benchClient(rounds: number): Promise<string[]> {
  const host = await benchHost();
  const { loaded } = host;
  const logins = [host.loggedOut, host.loggedIn];
  const warmPool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger });
  const clientOf = (exec: ExecBatch): TimekprClient => createTimekpraClient({ exec, timekpraOf: () => '/usr/bin/timekpra' });
  const warm = clientOf(warmPool.exec);
  const fresh = clientOf(freshConnectionExec(loaded));
  try {
    succeeded('status', await warm.usersInfo('pc', logins)); // opens the connection
    const warmRead = await measure(rounds, async () => succeeded('status (warm)', await warm.usersInfo('pc', logins)));
    const freshRead = await measure(rounds, async () => succeeded('status (fresh)', await fresh.usersInfo('pc', logins)));
    const warmChange = await measure(rounds, async () => succeeded('change (warm)', await warm.changeTimeLeft('pc', host.loggedOut, '+', 60)));
    const freshChange = await measure(rounds, async () => succeeded('change (fresh)', await fresh.changeTimeLeft('pc', host.loggedOut, '-', 60)));
    return [
      `timekpra client, ${rounds} rounds each (2 children on one machine)`,
      summary('  status of all children, warm connection', warmRead),
      summary('  status of all children, fresh connection', freshRead),
      summary('  change + re-read, warm connection', warmChange),
      summary('  change + re-read, fresh connection', freshChange),
      `  fresh / warm (median): status ${ratio(freshRead, warmRead)}, change ${ratio(freshChange, warmChange)}`,
    ];
  } finally {
    await warmPool.close();
    await host.cleanup();
  }
}
