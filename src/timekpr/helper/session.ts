import type { Logger } from 'pino';
import { err, ok, type Result } from '../../lib/result.ts';
import type { OpenStream, RemoteCommand, RemoteStream, StreamEnd } from '../../ssh/exec-batch.ts';
import type { SshFailure } from '../../ssh/failure.ts';
import type { HelperProblem } from '../client.ts';
import {
  encodeRequest,
  parseHello,
  parseHelperLine,
  type HelperError,
  type HelperEvent,
  type HelperHello,
  type HelperRequest,
} from './protocol.ts';

/** The helper could not start on the machine (no such Python, no python3-dbus, not our program): use timekpra. */
export type HelperUnavailable = Extract<HelperProblem, { kind: 'helper-unavailable' }>;

/** Why a request got no answer from the daemon: the connection, the channel, or the helper itself. */
export type SessionFailure = SshFailure | HelperUnavailable;

/** One answer: the helper's result, or its error, or no answer at all. */
export type Answer = Result<Readonly<Record<string, unknown>>, HelperError | SessionFailure>;

export interface SessionListener {
  readonly onEvent: (event: HelperEvent) => void;
  /** The channel was reopened and the subscription renewed: events in between may be missing, read the state once. */
  readonly onResync: () => void;
}

export interface HelperSession {
  /** Starts the helper unless it runs; resolves with what it said of itself. */
  start(): Promise<Result<HelperHello, SessionFailure>>;
  /** Sends one request (after those sent before it: calls without awaiting are pipelined) and waits for its answer. */
  request(request: HelperRequest): Promise<Answer>;
  /** Streams the daemon's events to `listener` from now on, across reopened channels; returns the unsubscribe. */
  subscribe(listener: SessionListener): () => void;
  /** Whether events are flowing now. */
  readonly streaming: () => boolean;
  /** What the running helper said of itself, if one runs. */
  readonly hello: () => HelperHello | undefined;
  close(): void;
}

export interface SessionOptions {
  readonly machineId: string;
  readonly openStream: OpenStream;
  readonly command: RemoteCommand;
  /** How long one request may wait for its answer; then the channel is given up (the helper is stuck). */
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
  /** Waits before reopening a dropped channel while someone listens. Default: 1, 2, 5, 10, 30, then 60 s. */
  readonly reopenDelaysMs?: readonly number[];
}

interface Pending {
  readonly resolve: (answer: Answer) => void;
  readonly timer: NodeJS.Timeout;
}

interface Live {
  readonly stream: RemoteStream;
  readonly hello: HelperHello;
  readonly pending: Map<number, Pending>;
  subscribed: boolean;
  ended: boolean;
}

const HELLO_ID = 0;

/**
 * One helper per machine on one kept SSH channel: requests carry ids, answers come back in order, events flow in
 * between. A channel that drops fails what was waiting on it (as "the connection broke while the command ran": a
 * change may have happened, and is never sent again) and is reopened on the next request, or at once (with backoff)
 * while someone listens for events, whose subscription is then renewed.
 */
export function createHelperSession(options: SessionOptions): HelperSession {
  const log = options.logger.child({ machine: options.machineId });
  const delays = options.reopenDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000, 60_000];
  const listeners = new Set<SessionListener>();
  let current: Promise<Result<Live, SessionFailure>> | undefined;
  let live: Live | undefined;
  let nextId = HELLO_ID + 1;
  let closed = false;
  let reopenTimer: NodeJS.Timeout | undefined;
  let failedReopens = 0;

  function start(): Promise<Result<Live, SessionFailure>> {
    if (closed) return Promise.resolve(err({ kind: 'ssh-error', message: 'shutting down' }));
    current ??= open();
    return current;
  }

  async function open(): Promise<Result<Live, SessionFailure>> {
    let onHello: ((result: Result<HelperHello, SessionFailure>) => void) | undefined;
    const hello = new Promise<Result<HelperHello, SessionFailure>>((resolve) => (onHello = resolve));
    let unavailable: string | undefined;
    let state: Live | undefined = undefined;
    let endedBeforeReady = false;
    const stream = await options.openStream(options.machineId, options.command, {
      onLine: (line) => {
        const parsed = parseHelperLine(line);
        if (parsed.kind === 'garbage') {
          log.warn({ line: parsed.text }, 'helper: a line that is not the protocol');
          return;
        }
        if (parsed.kind === 'event') {
          if (state?.subscribed === true) for (const listener of listeners) listener.onEvent(parsed.event);
          return;
        }
        if (parsed.id === HELLO_ID && state === undefined) {
          onHello?.(parsed.result.ok ? helloOf(parsed.result.value) : err({ kind: 'helper-unavailable', reason: parsed.result.error.message }));
          return;
        }
        if (parsed.id === null) {
          if (!parsed.result.ok && parsed.result.error.kind === 'helper-unavailable') unavailable = parsed.result.error.message;
          else log.warn({ error: parsed.result.ok ? undefined : parsed.result.error }, 'helper: an answer without an id');
          return;
        }
        const waiting = state?.pending.get(parsed.id);
        if (waiting === undefined) return;
        state?.pending.delete(parsed.id);
        clearTimeout(waiting.timer);
        waiting.resolve(parsed.result);
      },
      onEnd: (end) => {
        // Neither an exit code nor a word: the connection went, not the helper.
        const connectionWent = unavailable === undefined && end.exitCode === undefined && end.stderr === '';
        onHello?.(connectionWent ? err({ kind: 'connection-lost', commandSent: false }) : err({ kind: 'helper-unavailable', reason: unavailable ?? reasonOfEnd(end, options.command) }));
        if (state === undefined) endedBeforeReady = true;
        else ended(state, end);
      },
    });
    if (!stream.ok) {
      current = undefined;
      return stream;
    }
    stream.value.send(encodeRequest(HELLO_ID, { op: 'hello' }));
    const timer = setTimeout(
      () => onHello?.(err({ kind: 'timeout', phase: 'command', afterMs: options.requestTimeoutMs, commandSent: true })),
      options.requestTimeoutMs,
    );
    const introduced = await hello;
    clearTimeout(timer);
    // The channel may have ended in the same tick as its hello answer, or the session closed meanwhile.
    const ready: Result<HelperHello, SessionFailure> = !introduced.ok
      ? introduced
      : closed
        ? err({ kind: 'ssh-error', message: 'shutting down' })
        : endedBeforeReady
          ? err({ kind: 'connection-lost', commandSent: false })
          : introduced;
    if (!ready.ok) {
      stream.value.close();
      current = undefined;
      return ready;
    }
    const introducedHello = ready.value;
    state = { stream: stream.value, hello: introducedHello, pending: new Map(), subscribed: false, ended: false };
    live = state;
    log.debug({ version: introducedHello.version, installed: introducedHello.installed }, 'helper started');
    return ok(state);
  }

  function ended(state: Live, end: StreamEnd): void {
    if (state.ended) return;
    state.ended = true;
    if (live === state) {
      live = undefined;
      current = undefined;
    }
    for (const [, waiting] of state.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(err({ kind: 'connection-lost', commandSent: true }));
    }
    state.pending.clear();
    log.info({ exitCode: end.exitCode, stderr: end.stderr.slice(-300) || undefined }, 'helper channel closed');
    if (listeners.size > 0) scheduleReopen();
  }

  function scheduleReopen(): void {
    if (closed || reopenTimer !== undefined) return;
    const delay = delays[Math.min(failedReopens, delays.length - 1)] ?? 60_000;
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      void resubscribe(true);
    }, delay);
    reopenTimer.unref();
  }

  /** Makes sure the running helper streams events; after a reopen, listeners are told to read the state once. */
  async function resubscribe(reopened: boolean): Promise<void> {
    if (closed || listeners.size === 0) return;
    const started = await start();
    if (closed) return;
    if (!started.ok) {
      failedReopens += 1;
      log.debug({ failure: started.error.kind }, 'helper: could not reopen for events');
      scheduleReopen();
      return;
    }
    const state = started.value;
    if (state.subscribed) return;
    const answer = await send(state, { op: 'subscribe' });
    if (!answer.ok) {
      failedReopens += 1;
      scheduleReopen();
      return;
    }
    failedReopens = 0;
    state.subscribed = true;
    if (reopened) for (const listener of listeners) listener.onResync();
  }

  function send(state: Live, request: HelperRequest): Promise<Answer> {
    if (state.ended) return Promise.resolve(err({ kind: 'connection-lost', commandSent: false }));
    const id = nextId;
    nextId = nextId >= 2_000_000_000 ? HELLO_ID + 1 : nextId + 1;
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        state.pending.delete(id);
        resolve(err({ kind: 'timeout', phase: 'command', afterMs: options.requestTimeoutMs, commandSent: true }));
        // A helper that does not answer is stuck: give the channel up, the next request starts afresh.
        state.stream.close();
      }, options.requestTimeoutMs);
      state.pending.set(id, { resolve, timer });
      state.stream.send(encodeRequest(id, request));
    });
  }

  return {
    start: async () => {
      const started = await start();
      return started.ok ? ok(started.value.hello) : started;
    },
    request: async (request) => {
      const started = await start();
      return started.ok ? send(started.value, request) : started;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      void resubscribe(false);
      return () => listeners.delete(listener);
    },
    streaming: () => live?.subscribed === true,
    hello: () => live?.hello,
    close: () => {
      closed = true;
      clearTimeout(reopenTimer);
      live?.stream.close();
    },
  };
}

function helloOf(result: Readonly<Record<string, unknown>>): Result<HelperHello, SessionFailure> {
  const hello = parseHello(result);
  return hello.ok ? hello : err({ kind: 'helper-unavailable', reason: hello.error });
}

/** Why the helper ended before it said hello, in words for the log and `check`. */
function reasonOfEnd(end: StreamEnd, command: RemoteCommand): string {
  const program = command.argv[0];
  if (end.exitCode === 127) return `${program} was not found there`;
  if (end.exitCode === 126) return `${program} cannot be run there`;
  const lastLine = end.stderr.split('\n').filter((line) => line.trim() !== '').at(-1);
  if (lastLine !== undefined) return `it stopped at once: ${lastLine.slice(0, 200)}`;
  return end.exitCode === undefined ? 'the channel closed before it answered' : `it stopped at once (exit code ${end.exitCode})`;
}
