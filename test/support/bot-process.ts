import { spawn } from 'node:child_process';
import { nodeArgumentsOf } from './shipped.ts';

export interface BotProcess {
  /** stderr so far: the bot's log lines (JSON) and any one-line setup error. */
  readonly output: () => string;
  /** The log lines (JSON) whose message is exactly `message`, so far. */
  readonly logLines: (message: string) => string[];
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the bot dies on the spot, as in a crash or power cut. */
  kill(): Promise<number | null>;
  /** SIGHUP: the bot reads its config again. */
  hangup(): void;
}

/**
 * Runs the real bot as `npm start` does (its node command: the bundle in dist/, with the same Node options) with
 * `--config <file>`, in `cwd`, with only `env` set.
 */
export function startBotProcess(cwd: string, configFile: string, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, [...nodeArgumentsOf('start'), '--config', configFile], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    logLines: (message) => output.split('\n').filter((line) => line.includes(`"msg":"${message}"`)),
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    hangup: () => {
      if (child.exitCode === null) child.kill('SIGHUP');
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
