import { readFile } from 'node:fs/promises';
import { Socket, type LookupFunction } from 'node:net';
import type { Logger } from 'pino';
import ssh2 from 'ssh2';
import type { MachineConfig } from '../config/types.ts';
import type { SshCredentials } from './credentials.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SshFailure } from './failure.ts';
import { fingerprintOf } from './keys.ts';
import { hostKeyAlgorithmsFor, knownKeyTypes, parseKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.ts';
import type { CommandOutput, ExecBatch, OpenStream, RemoteCommand, RemoteStream, StreamListener } from './exec-batch.ts';
import { buildBatchScript, buildExecLine, parseBatchOutput } from './script.ts';
import { messageOf } from '../lib/errors.ts';


export interface SshPoolOptions {
  readonly machines: ReadonlyMap<string, MachineConfig>;
  readonly credentials: ReadonlyMap<string, SshCredentials>;
  readonly logger: Logger;
  /** How often an idle connection is checked; after 3 missed answers it is dropped. Default 15 000. */
  readonly keepaliveIntervalMs?: number;
  /**
   * How a machine's host name becomes addresses. Default: the system's resolver (getaddrinfo, as `dns.lookup`, which
   * also reads /etc/hosts and finds mDNS `.local` names), as node:net does.
   */
  readonly lookup?: LookupFunction;
}

interface Connection {
  readonly client: ssh2.Client;
  alive: boolean;
}

/**
 * One SSH connection per machine, opened on demand and reused; commands to one machine run one after another (a
 * per-machine queue), machines never wait for each other. Host keys are checked against the machine's known_hosts.
 */
export class SshPool {
  readonly #options: SshPoolOptions;
  readonly #connections = new Map<string, Connection>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #reachable = new Map<string, boolean>();
  #closed = false;

  constructor(options: SshPoolOptions) {
    this.#options = options;
  }

  /** Runs `commands` on the machine as one batch, after any commands already queued for it. */
  readonly exec: ExecBatch = (machineId, commands) => this.#enqueue(machineId, () => this.#runBatch(machineId, commands));

  /**
   * Starts a long-lived program on the machine, on its own channel of the machine's pooled connection. Opening waits
   * its turn in the machine's queue (so one connection is shared); the channel then lives beside later batches.
   */
  readonly openStream: OpenStream = (machineId, command, listener) => this.#enqueue(machineId, () => this.#openStream(machineId, command, listener));

  /** Waits for queued commands, then closes every connection. Later calls fail with `ssh-error`. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#queues.values()]);
    for (const connection of this.#connections.values()) connection.client.end();
    this.#connections.clear();
  }

  #enqueue<T>(machineId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(machineId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.#queues.set(machineId, tail);
    void tail.then(() => {
      if (this.#queues.get(machineId) === tail) this.#queues.delete(machineId);
    });
    return run;
  }

  async #runBatch(machineId: string, commands: readonly RemoteCommand[]): Promise<Result<CommandOutput[], SshFailure>> {
    const script = buildBatchScript(commands);
    return this.#onConnection(machineId, async (connection, machine, log) => {
      const started = Date.now();
      const result = await runScript(connection, script, machine.commandTimeoutMs);
      if (!result.ok) return { result, stale: result.error.kind === 'connection-lost' && !result.error.commandSent };
      log.debug({ durationMs: Date.now() - started, stdout: result.value }, 'batch done');
      const outputs = parseBatchOutput(result.value, commands.length);
      return { result: outputs.ok ? outputs : err({ kind: 'ssh-error', message: `unexpected output: ${outputs.error}` }), stale: false };
    });
  }

  async #openStream(machineId: string, command: RemoteCommand, listener: StreamListener): Promise<Result<RemoteStream, SshFailure>> {
    const line = buildExecLine(command);
    // Nothing has run when opening the channel fails: a reused connection is then always worth one fresh try.
    return this.#onConnection(machineId, async (connection, machine) => {
      const result = await openChannel(connection, line, machine.connectTimeoutMs, listener);
      return { result, stale: !result.ok };
    });
  }

  /**
   * Runs `use` on the machine's connection, opening one if needed. A reused connection may have died since its last
   * use without us noticing yet; when `use` says it failed that way (`stale`: before anything ran), one fresh
   * connection is tried. A connection whose use failed is dropped.
   */
  async #onConnection<T>(
    machineId: string,
    use: (connection: Connection, machine: MachineConfig, log: Logger) => Promise<{ result: Result<T, SshFailure>; stale: boolean }>,
  ): Promise<Result<T, SshFailure>> {
    const machine = this.#options.machines.get(machineId);
    if (machine === undefined) throw new Error(`unknown machine: ${machineId}`);
    if (this.#closed) return err({ kind: 'ssh-error', message: 'shutting down' });
    const log = this.#options.logger.child({ machine: machineId });
    for (let attempt = 1; ; attempt += 1) {
      const reused = this.#connections.get(machineId);
      const connection = reused?.alive ? ok(reused) : await this.#connect(machine);
      if (!connection.ok) {
        this.#noteReachable(machineId, false, connection.error, log);
        return connection;
      }
      this.#noteReachable(machineId, true, undefined, log);
      const { result, stale } = await use(connection.value, machine, log);
      if (!result.ok) this.#drop(machineId, connection.value);
      if (!result.ok && stale && attempt === 1 && reused) {
        log.debug('stale connection, reconnecting');
        continue;
      }
      return result;
    }
  }

  #drop(machineId: string, connection: Connection): void {
    connection.alive = false;
    connection.client.end();
    if (this.#connections.get(machineId) === connection) this.#connections.delete(machineId);
  }

  #noteReachable(machineId: string, reachable: boolean, failure: SshFailure | undefined, log: Logger): void {
    const before = this.#reachable.get(machineId);
    if (before === reachable) return;
    this.#reachable.set(machineId, reachable);
    if (reachable) log.info('machine reachable');
    else log.warn({ failure: failure?.kind }, 'machine not reachable');
  }

  async #connect(machine: MachineConfig): Promise<Result<Connection, SshFailure>> {
    const credentials = this.#options.credentials.get(machine.id) ?? {};
    let knownHostsText = '';
    try {
      knownHostsText = await readFile(machine.knownHostsFile, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
        return err({ kind: 'ssh-error', message: `cannot read ${machine.knownHostsFile}` });
      }
    }
    const knownHosts = parseKnownHosts(knownHostsText);
    const result = await openClient(machine, credentials, {
      verify: (key) => verifyHostKey(knownHosts, machine.host, machine.port, key),
      hostKeyAlgorithms: hostKeyAlgorithmsFor(knownKeyTypes(knownHosts, machine.host, machine.port)),
      keepaliveIntervalMs: this.#options.keepaliveIntervalMs ?? 15_000,
      ...(this.#options.lookup === undefined ? {} : { lookup: this.#options.lookup }),
    });
    if (!result.ok) return result;
    const connection: Connection = { client: result.value, alive: true };
    const markDead = () => {
      connection.alive = false;
      if (this.#connections.get(machine.id) === connection) this.#connections.delete(machine.id);
    };
    result.value.on('close', markDead);
    result.value.on('error', markDead);
    this.#connections.set(machine.id, connection);
    return ok(connection);
  }
}

/** How long logging in may take once the machine has answered. */
const LOGIN_TIMEOUT_MS = 10_000;

interface OpenOptions {
  readonly verify: (key: Buffer) => HostKeyVerdict;
  readonly hostKeyAlgorithms: string[];
  readonly keepaliveIntervalMs: number;
  readonly lookup?: LookupFunction;
}

function openClient(machine: MachineConfig, credentials: SshCredentials, options: OpenOptions): Promise<Result<ssh2.Client, SshFailure>> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    let hostKey: { blob: Buffer; verdict: HostKeyVerdict } | undefined;
    let settled = false;
    const finish = (result: Result<ssh2.Client, SshFailure>) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      if (!result.ok) client.destroy();
      resolve(result);
    };
    // The connect timeout covers reaching the machine: TCP and the key exchange. Logging in gets its own, longer
    // allowance, since a refused password is answered only after PAM's delay of a few seconds.
    const timeoutAfter = (afterMs: number) => () => finish(err({ kind: 'timeout', phase: 'connect', afterMs, commandSent: false }));
    let guard = setTimeout(timeoutAfter(machine.connectTimeoutMs), machine.connectTimeoutMs);
    client.once('handshake', () => {
      clearTimeout(guard);
      guard = setTimeout(timeoutAfter(machine.connectTimeoutMs + LOGIN_TIMEOUT_MS), LOGIN_TIMEOUT_MS);
    });
    client.once('ready', () => {
      // Small requests and answers go back and forth on a kept channel: without this, Nagle's algorithm and delayed
      // ACKs hold each one back by about 40 ms.
      client.setNoDelay(true);
      finish(ok(client));
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      finish(err(classifyConnectError(error, machine, credentials, hostKey)));
    });
    client.once('close', () => finish(err({ kind: 'unreachable', reason: 'the connection was closed during login' })));
    const methods: ssh2.ConnectConfig = {
      ...(credentials.privateKey === undefined ? {} : { privateKey: credentials.privateKey }),
      ...(credentials.passphrase === undefined ? {} : { passphrase: credentials.passphrase }),
      ...(credentials.password === undefined ? {} : { password: credentials.password }),
    };
    // The TCP connection is made here rather than by ssh2, which has no way to take a resolver; the host key is still
    // checked against the configured name (`verify`), never against the address it resolved to.
    const socket = new Socket();
    socket.setMaxListeners(0);
    try {
      socket.connect({ host: machine.host, port: machine.port, ...(options.lookup === undefined ? {} : { lookup: options.lookup }) });
      client.connect({
        sock: socket,
        username: machine.user,
        ...methods,
        // Our own timers above decide; ssh2's is only a backstop.
        readyTimeout: machine.connectTimeoutMs + LOGIN_TIMEOUT_MS + 1000,
        keepaliveInterval: options.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        tryKeyboard: false,
        algorithms: { serverHostKey: options.hostKeyAlgorithms as ssh2.ServerHostKeyAlgorithm[] },
        hostVerifier: (key: Buffer) => {
          const verdict = options.verify(key);
          hostKey = { blob: Buffer.from(key), verdict };
          return verdict.kind === 'trusted';
        },
      });
    } catch (cause) {
      socket.destroy();
      finish(err({ kind: 'ssh-error', message: messageOf(cause) }));
    }
  });
}

function classifyConnectError(
  error: Error & { level?: string; code?: string },
  machine: MachineConfig,
  credentials: SshCredentials,
  hostKey: { blob: Buffer; verdict: HostKeyVerdict } | undefined,
): SshFailure {
  if (hostKey !== undefined && hostKey.verdict.kind !== 'trusted') {
    const fingerprint = fingerprintOf(hostKey.blob);
    const base = { keyBlob: hostKey.blob, fingerprint, knownHostsFile: machine.knownHostsFile };
    return hostKey.verdict.kind === 'unknown'
      ? { kind: 'host-key-unknown', ...base }
      : { kind: 'host-key-mismatch', ...base, revoked: hostKey.verdict.kind === 'revoked' };
  }
  if (error.level === 'client-timeout') {
    return { kind: 'timeout', phase: 'connect', afterMs: machine.connectTimeoutMs, commandSent: false };
  }
  // ssh2 gives this one no code: the computer closed the connection before SSH began (sshd starting or stopping, or
  // its MaxStartups dropping new connections). Nothing ran there: like a computer that is off, it is tried again.
  if (error.message === 'Connection lost before handshake') return { kind: 'unreachable', reason: 'the connection was closed before SSH began' };
  if (error.level === 'client-authentication') {
    const methods: ('key' | 'password')[] = [];
    if (credentials.privateKey !== undefined) methods.push('key');
    if (credentials.password !== undefined) methods.push('password');
    return { kind: 'auth', user: machine.user, methods };
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return { kind: 'unreachable', reason: 'connection refused' };
    case 'ENOTFOUND':
      return { kind: 'host-not-found', host: machine.host };
    case 'EAI_AGAIN':
      // The name server did not answer (yet): not a name that does not exist.
      return { kind: 'unreachable', reason: `host name ${machine.host} could not be looked up just now` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'unreachable', reason: 'no route to it' };
    case 'ETIMEDOUT':
      return { kind: 'timeout', phase: 'connect', afterMs: machine.connectTimeoutMs, commandSent: false };
    case 'ECONNRESET':
      return { kind: 'unreachable', reason: 'the connection was reset' };
    default:
      return { kind: 'ssh-error', message: error.message };
  }
}

/** Runs one script on an open connection and resolves with its stdout. The caller drops the connection on failure. */
function runScript(connection: Connection, script: string, timeoutMs: number): Promise<Result<string, SshFailure>> {
  return new Promise((resolve) => {
    let commandSent = false;
    let settled = false;
    const chunks: Buffer[] = [];
    const finish = (result: Result<string, SshFailure>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.client.off('close', onClose);
      resolve(result);
    };
    const onClose = () => finish(err({ kind: 'connection-lost', commandSent }));
    const timer = setTimeout(() => finish(err({ kind: 'timeout', phase: 'command', afterMs: timeoutMs, commandSent })), timeoutMs);
    connection.client.once('close', onClose);
    try {
      connection.client.exec(script, (error, stream) => {
        if (error) {
          finish(err({ kind: 'connection-lost', commandSent: false }));
          return;
        }
        commandSent = true;
        let exited = false;
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Each command's stderr is already folded into stdout; what is left here is the shell's own, ignored.
        stream.stderr.resume();
        stream.on('exit', () => {
          exited = true;
        });
        stream.on('close', () => {
          // Without an exit status the channel was torn down mid-command: what it did is unknown.
          finish(exited ? ok(Buffer.concat(chunks).toString('utf8')) : err({ kind: 'connection-lost', commandSent }));
        });
      });
    } catch {
      finish(err({ kind: 'connection-lost', commandSent: false }));
    }
  });
}

/** The longest stdout line a stream may send; a longer one ends the stream (the program is not ours or is broken). */
const MAX_STREAM_LINE_BYTES = 4 * 1024 * 1024;
/** How much of a stream's stderr is kept for the reason it ended. */
const STDERR_TAIL_BYTES = 4096;

/** Opens an exec channel running `line` and turns its stdout into lines. Nothing has run if this fails. */
function openChannel(connection: Connection, line: string, timeoutMs: number, listener: StreamListener): Promise<Result<RemoteStream, SshFailure>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Result<RemoteStream, SshFailure>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.client.off('close', onClose);
      resolve(result);
    };
    const onClose = () => settle(err({ kind: 'connection-lost', commandSent: false }));
    const timer = setTimeout(() => settle(err({ kind: 'timeout', phase: 'command', afterMs: timeoutMs, commandSent: false })), timeoutMs);
    connection.client.once('close', onClose);
    try {
      connection.client.exec(line, (error, channel) => {
        if (error) {
          settle(err({ kind: 'connection-lost', commandSent: false }));
          return;
        }
        if (settled) {
          channel.close();
          return;
        }
        let pending = '';
        let stderr = '';
        let exitCode: number | undefined;
        let ended = false;
        channel.setEncoding('utf8');
        channel.on('data', (chunk: string) => {
          pending += chunk;
          let newline = pending.indexOf('\n');
          while (newline !== -1) {
            const text = pending.slice(0, newline);
            pending = pending.slice(newline + 1);
            if (!ended) listener.onLine(text);
            newline = pending.indexOf('\n');
          }
          if (pending.length > MAX_STREAM_LINE_BYTES) {
            stderr += `\n(the program sent a line of over ${MAX_STREAM_LINE_BYTES} bytes; the bot closed the channel)`;
            pending = '';
            channel.close();
          }
        });
        channel.stderr.setEncoding('utf8');
        channel.stderr.on('data', (chunk: string) => {
          stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
        });
        channel.on('exit', (code: number | null) => {
          exitCode = code ?? undefined;
        });
        channel.on('close', () => {
          if (ended) return;
          ended = true;
          listener.onEnd({ exitCode, stderr: stderr.trim() });
        });
        settle(
          ok({
            send: (text) => {
              if (!ended) channel.write(`${text}\n`);
            },
            close: () => {
              channel.end();
              channel.close();
            },
          }),
        );
      });
    } catch {
      settle(err({ kind: 'connection-lost', commandSent: false }));
    }
  });
}
