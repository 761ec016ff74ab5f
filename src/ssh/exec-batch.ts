import type { Result } from '../lib/result.ts';
import type { SshFailure } from './failure.ts';

/** One program to run on a machine: argv (never a shell string) and extra environment variables. */
export interface RemoteCommand {
  readonly argv: readonly [string, ...string[]];
  readonly env?: Readonly<Record<string, string>>;
}

/** What one command of a batch printed (stdout and stderr together, in order) and its exit code. */
export interface CommandOutput {
  readonly output: string;
  readonly exitCode: number;
}

/**
 * Runs commands on a configured machine, in one round trip. The seam the timekpr client is built on: the SSH pool
 * provides it in production, tests hand in a fake. Only types live here, so timekpr/ needs nothing else of ssh/.
 */
export type ExecBatch = (machineId: string, commands: readonly RemoteCommand[]) => Promise<Result<CommandOutput[], SshFailure>>;
