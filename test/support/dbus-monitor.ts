import { spawn } from 'node:child_process';
import { waitFor } from './test-host.ts';

/** Watches the system bus for method calls to Timekpr-nExT's daemon, from anyone (the helper and timekpra alike). */
export interface DaemonCallMonitor {
  /** The members called since the start (or the last `clear`), in order: `setTimeLimitForDays`, `getUserInformation`… */
  readonly calls: () => string[];
  /** The setters among them: what shows the child a notification. */
  readonly setters: () => string[];
  readonly clear: () => void;
  readonly stop: () => Promise<void>;
}

/**
 * Starts `dbus-monitor --system` (root may monitor the system bus) on the calls to `com.timekpr.server`; resolves once
 * it listens. The count of setter calls is what "only what differs is written" is measured by.
 */
export async function monitorDaemonCalls(): Promise<DaemonCallMonitor> {
  const child = spawn('dbus-monitor', ['--system', "type='method_call',destination='com.timekpr.server'"], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let from = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const ended = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // dbus-monitor becomes a monitor by giving up its name: after NameLost it sees every matching call.
  await waitFor(() => Promise.resolve(output), (text) => text.includes('member=NameLost'), { what: 'dbus-monitor to listen', timeoutMs: 10_000 });
  from = output.length;
  const calls = () =>
    [...output.slice(from).matchAll(/^method call .* interface=com\.timekpr\.server\.[a-z.]+; member=(\w+)$/gm)].map((match) => match[1] ?? '');
  return {
    calls,
    setters: () => calls().filter((member) => member.startsWith('set')),
    clear: () => {
      from = output.length;
    },
    stop: async () => {
      child.kill();
      await ended;
    },
  };
}
