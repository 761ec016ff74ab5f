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

/** How a long-lived remote program ended: its exit code if it reported one, and the end of its stderr. */
export interface StreamEnd {
  readonly exitCode: number | undefined;
  readonly stderr: string;
}

/** What a long-lived remote program says: each stdout line (without its newline), then its end, once. */
export interface StreamListener {
  readonly onLine: (line: string) => void;
  readonly onEnd: (end: StreamEnd) => void;
}

/** A long-lived program on a machine, on one SSH channel: lines go to its stdin. */
export interface RemoteStream {
  /** Writes one line (a newline is added). */
  send(line: string): void;
  /** Closes the channel; `onEnd` follows. */
  close(): void;
}

/**
 * Starts a long-lived program on a configured machine over the machine's pooled connection. The seam the D-Bus
 * helper session is built on: the SSH pool provides it, tests may hand in a fake.
 */
export type OpenStream = (machineId: string, command: RemoteCommand, listener: StreamListener) => Promise<Result<RemoteStream, SshFailure>>;
