import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { err, ok } from '../../../../src/lib/result.ts';
import type { OpenStream, RemoteCommand, StreamEnd, StreamListener } from '../../../../src/ssh/exec-batch.ts';
import type { SshFailure } from '../../../../src/ssh/failure.ts';
import type { HelperEvent } from '../../../../src/timekpr/helper/protocol.ts';
import { createHelperSession, type HelperSession, type SessionOptions } from '../../../../src/timekpr/helper/session.ts';

const COMMAND: RemoteCommand = { argv: ['/usr/bin/python3', '-c', 'import sys'], env: { LC_ALL: 'C' } };
const HELLO = { helper: 'timekpr-bot-helper', version: 1, installed: false, forced: false, daemon: true, group: true };
const PARSED_HELLO = { version: 1, installed: false, forced: false, daemonRunning: true, inTimekprGroup: true };

interface SentRequest {
  readonly id: number;
  readonly op: string;
  readonly [field: string]: unknown;
}

/** One channel the fake opened: what the session wrote to it, and handles to make the "helper" speak or end. */
class FakeChannel {
  readonly sent: string[] = [];
  /** Lines the session wrote after the channel ended: the real pool drops them. */
  readonly sentAfterEnd: string[] = [];
  closed = false;
  ended = false;

  readonly machineId: string;
  readonly command: RemoteCommand;
  readonly #listener: StreamListener;

  constructor(machineId: string, command: RemoteCommand, listener: StreamListener) {
    this.machineId = machineId;
    this.command = command;
    this.#listener = listener;
  }

  requests(): SentRequest[] {
    return this.sent.map((line) => JSON.parse(line) as SentRequest);
  }

  /** The last request of `op` written to this channel. */
  last(op: string): SentRequest {
    const request = this.requests().findLast((sent) => sent.op === op);
    if (request === undefined) throw new Error(`no ${op} request was sent; sent: ${this.sent.join(' | ')}`);
    return request;
  }

  line(text: string): void {
    this.#listener.onLine(text);
  }

  write(value: unknown): void {
    this.line(JSON.stringify(value));
  }

  answer(id: number, result: Record<string, unknown>): void {
    this.write({ id, ok: true, result });
  }

  fail(id: number | null, kind: string, message: string): void {
    this.write({ id, ok: false, error: { kind, message } });
  }

  sayHello(result: Record<string, unknown> = HELLO): void {
    this.answer(this.last('hello').id, result);
  }

  /** The program ends (or the channel drops): `onEnd` once, like the real pool. */
  end(end: Partial<StreamEnd> = {}): void {
    if (this.ended) return;
    this.ended = true;
    this.#listener.onEnd({ exitCode: end.exitCode, stderr: end.stderr ?? '' });
  }
}

/** A fake `OpenStream`: records every open, can fail the next ones; `close()` ends the channel a moment later. */
function fakeOpenStream() {
  const channels: FakeChannel[] = [];
  const failures: SshFailure[] = [];
  let opens = 0;
  const openStream: OpenStream = (machineId, command, listener) =>
    Promise.resolve().then(() => {
      opens += 1;
      const failure = failures.shift();
      if (failure !== undefined) return err(failure);
      const channel = new FakeChannel(machineId, command, listener);
      channels.push(channel);
      return ok({
        send: (text: string) => {
          if (channel.ended) channel.sentAfterEnd.push(text);
          else channel.sent.push(text);
        },
        close: () => {
          channel.closed = true;
          void Promise.resolve().then(() => channel.end());
        },
      });
    });
  return {
    openStream,
    channels,
    opens: () => opens,
    failNextOpen: (failure: SshFailure) => failures.push(failure),
    channel(index: number): FakeChannel {
      const channel = channels[index];
      if (channel === undefined) throw new Error(`no channel ${index}; ${channels.length} opened`);
      return channel;
    },
  };
}

const silent = pino({ level: 'silent' });

function setup(options: Partial<SessionOptions> = {}) {
  const fake = fakeOpenStream();
  const session = createHelperSession({
    machineId: 'desk',
    openStream: fake.openStream,
    command: COMMAND,
    requestTimeoutMs: 5000,
    logger: silent,
    ...options,
  });
  return { fake, session };
}

/** Lets every pending promise continuation run (the session awaits a few times between steps). */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i += 1) await Promise.resolve();
}

/** Starts the session and lets the helper introduce itself on channel `index`. */
async function started(fake: ReturnType<typeof fakeOpenStream>, session: HelperSession, index = 0): Promise<FakeChannel> {
  const start = session.start();
  await settle();
  const channel = fake.channel(index);
  channel.sayHello();
  expect(await start).toEqual(ok(PARSED_HELLO));
  return channel;
}

/** A promise plus whether it has settled yet. */
function tracked<T>(promise: Promise<T>): { readonly promise: Promise<T>; readonly done: () => boolean } {
  let done = false;
  void promise.then(() => (done = true));
  return { promise, done: () => done };
}

function recordingListener() {
  const events: HelperEvent[] = [];
  let resyncs = 0;
  return {
    events,
    resyncs: () => resyncs,
    listener: { onEvent: (event: HelperEvent) => events.push(event), onResync: () => (resyncs += 1) },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('start', () => {
  test('opens the command on the machine, sends hello with id 0 and resolves with what it said', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    expect(fake.channels).toHaveLength(1);
    const channel = fake.channel(0);
    expect(channel.machineId).toBe('desk');
    expect(channel.command).toEqual(COMMAND);
    expect(channel.requests()).toEqual([{ id: 0, op: 'hello' }]);
    channel.sayHello({ ...HELLO, version: 4, installed: true, forced: true });
    expect(await start).toEqual(ok({ ...PARSED_HELLO, version: 4, installed: true, forced: true }));
    expect(session.hello()).toEqual({ ...PARSED_HELLO, version: 4, installed: true, forced: true });
  });

  test('a second start reuses the running helper: one open, one hello', async () => {
    const { fake, session } = setup();
    await started(fake, session);
    expect(await session.start()).toEqual(ok(PARSED_HELLO));
    expect(fake.opens()).toBe(1);
    expect(fake.channel(0).requests()).toEqual([{ id: 0, op: 'hello' }]);
  });

  test('starts asked for at once share one open', async () => {
    const { fake, session } = setup();
    const first = session.start();
    const second = session.start();
    await settle();
    fake.channel(0).sayHello();
    expect(await first).toEqual(ok(PARSED_HELLO));
    expect(await second).toEqual(ok(PARSED_HELLO));
    expect(fake.opens()).toBe(1);
  });
});

describe('requests', () => {
  test('get increasing ids and are resolved by id, whatever the order of the answers', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const users = session.request({ op: 'users' });
    const info = session.request({ op: 'info', user: 'mia' });
    const set = session.request({ op: 'set', user: 'mia', operation: '+', seconds: 600 });
    await settle();
    expect(channel.requests().slice(1)).toEqual([
      { id: 1, op: 'users' },
      { id: 2, op: 'info', user: 'mia' },
      { id: 3, op: 'set', user: 'mia', operation: '+', seconds: 600 },
    ]);
    channel.answer(3, {});
    channel.fail(1, 'daemon-not-running', 'com.timekpr.server is not on the bus');
    channel.answer(2, { weekday: 3, info: { TIME_LEFT_DAY: 5 } });
    expect(await set).toEqual(ok({}));
    expect(await users).toEqual(err({ kind: 'daemon-not-running', message: 'com.timekpr.server is not on the bus' }));
    expect(await info).toEqual(ok({ weekday: 3, info: { TIME_LEFT_DAY: 5 } }));
  });

  test('ids keep increasing across requests', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    for (const expectedId of [1, 2, 3]) {
      const answer = session.request({ op: 'users' });
      await settle();
      expect(channel.last('users').id).toBe(expectedId);
      channel.answer(expectedId, { users: [] });
      expect(await answer).toEqual(ok({ users: [] }));
    }
  });

  test('pipelined from a cold start: hello first, then every request written before any answer', async () => {
    const { fake, session } = setup();
    const answers = [session.request({ op: 'users' }), session.request({ op: 'info', user: 'mia' }), session.request({ op: 'info', user: 'leo' })];
    await settle();
    expect(fake.opens()).toBe(1);
    const channel = fake.channel(0);
    expect(channel.requests()).toEqual([{ id: 0, op: 'hello' }]);
    channel.sayHello();
    await settle();
    expect(channel.requests()).toEqual([
      { id: 0, op: 'hello' },
      { id: 1, op: 'users' },
      { id: 2, op: 'info', user: 'mia' },
      { id: 3, op: 'info', user: 'leo' },
    ]);
    for (const id of [1, 2, 3]) channel.answer(id, { n: id });
    expect(await Promise.all(answers)).toEqual([ok({ n: 1 }), ok({ n: 2 }), ok({ n: 3 })]);
  });

  test('an answer for an id nobody waits for is ignored', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const answer = tracked(session.request({ op: 'users' }));
    await settle();
    channel.answer(99, { users: ['intruder'] });
    channel.answer(0, { users: ['hello-id'] });
    await settle();
    expect(answer.done()).toBe(false);
    channel.answer(1, { users: ['mia'] });
    expect(await answer.promise).toEqual(ok({ users: ['mia'] }));
  });

  test('the channel ending with requests pending fails each as connection-lost, command sent', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const pending = [session.request({ op: 'set', user: 'mia', operation: '-', seconds: 60 }), session.request({ op: 'info', user: 'mia' })];
    await settle();
    channel.end({ exitCode: undefined, stderr: '' });
    expect(await Promise.all(pending)).toEqual([
      err({ kind: 'connection-lost', commandSent: true }),
      err({ kind: 'connection-lost', commandSent: true }),
    ]);
    expect(session.hello()).toBeUndefined();
  });

  test('after the channel ended, the next request opens a new one (with a new hello)', async () => {
    const { fake, session } = setup();
    const first = await started(fake, session);
    first.end({ exitCode: 0, stderr: '' });
    const answer = session.request({ op: 'users' });
    await settle();
    expect(fake.opens()).toBe(2);
    const second = fake.channel(1);
    expect(second.requests()).toEqual([{ id: 0, op: 'hello' }]);
    second.sayHello();
    await settle();
    const users = second.last('users');
    second.answer(users.id, { users: ['mia'] });
    expect(await answer).toEqual(ok({ users: ['mia'] }));
    expect(first.sentAfterEnd).toEqual([]);
  });

  test('a request that times out → timeout (command sent) and the channel is given up', async () => {
    const { fake, session } = setup({ requestTimeoutMs: 1000 });
    const channel = await started(fake, session);
    const stuck = tracked(session.request({ op: 'info', user: 'mia' }));
    await vi.advanceTimersByTimeAsync(500);
    const later = tracked(session.request({ op: 'users' }));
    await vi.advanceTimersByTimeAsync(499);
    expect(stuck.done()).toBe(false);
    expect(channel.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await stuck.promise).toEqual(err({ kind: 'timeout', phase: 'command', afterMs: 1000, commandSent: true }));
    expect(channel.closed).toBe(true);
    // The channel's end fails what else waited on it; the next request starts afresh.
    expect(await later.promise).toEqual(err({ kind: 'connection-lost', commandSent: true }));
    const next = session.request({ op: 'users' });
    await settle();
    expect(fake.opens()).toBe(2);
    fake.channel(1).sayHello();
    await settle();
    fake.channel(1).answer(fake.channel(1).last('users').id, { users: [] });
    expect(await next).toEqual(ok({ users: [] }));
  });

  test('garbage lines are ignored and logged', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (message: string) => void logged.push(message) });
    const { fake, session } = setup({ logger });
    const channel = await started(fake, session);
    const answer = tracked(session.request({ op: 'users' }));
    await settle();
    channel.line('Traceback (most recent call last):');
    channel.line('[1,2,3]');
    channel.line('{"id":1,"ok":false,"error":{"kind":"exploded","message":"?"}}');
    await settle();
    expect(answer.done()).toBe(false);
    channel.answer(1, { users: ['mia'] });
    expect(await answer.promise).toEqual(ok({ users: ['mia'] }));
    const entries = logged.map((line) => JSON.parse(line) as { msg: string; line: string; machine: string });
    expect(entries).toHaveLength(3);
    expect(entries.map((entry) => entry.line)).toEqual([
      'Traceback (most recent call last):',
      '[1,2,3]',
      '{"id":1,"ok":false,"error":{"kind":"exploded","message":"?"}}',
    ]);
    for (const entry of entries) expect(entry).toMatchObject({ machine: 'desk', msg: expect.stringContaining('not the protocol') as string });
  });

  test('after close(), requests fail without opening anything', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    session.close();
    expect(channel.closed).toBe(true);
    await settle();
    expect(await session.request({ op: 'users' })).toMatchObject({ ok: false });
    expect(fake.opens()).toBe(1);
  });
});

describe('hello failures', () => {
  test('the helper-unavailable line (id null) then exit 3 → helper-unavailable with its message', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    const channel = fake.channel(0);
    channel.fail(null, 'helper-unavailable', "cannot import dbus: No module named 'dbus'");
    channel.end({ exitCode: 3, stderr: '' });
    expect(await start).toEqual(err({ kind: 'helper-unavailable', reason: "cannot import dbus: No module named 'dbus'" }));
    expect(session.hello()).toBeUndefined();
    // Not kept: the next start tries again.
    const again = session.start();
    await settle();
    expect(fake.opens()).toBe(2);
    fake.channel(1).sayHello();
    expect(await again).toEqual(ok(PARSED_HELLO));
  });

  test('exit code 127 → the python path "was not found"', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    fake.channel(0).end({ exitCode: 127, stderr: 'sh: 1: exec: /usr/bin/python3: not found' });
    const result = await start;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('helper-unavailable');
    expect(result.error).toEqual({ kind: 'helper-unavailable', reason: expect.stringContaining('/usr/bin/python3 was not found') as string });
  });

  test('exit code 126 → the python path "cannot be run"', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    fake.channel(0).end({ exitCode: 126, stderr: '' });
    expect(await start).toEqual(err({ kind: 'helper-unavailable', reason: expect.stringContaining('/usr/bin/python3 cannot be run') as string }));
  });

  test("stderr ModuleNotFoundError → the reason carries it", async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    const stderr = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nModuleNotFoundError: No module named 'dbus'";
    fake.channel(0).end({ exitCode: 1, stderr });
    expect(await start).toEqual(err({ kind: 'helper-unavailable', reason: expect.stringContaining("ModuleNotFoundError: No module named 'dbus'") as string }));
  });

  test('an end without exit code and without stderr is the connection, not the helper', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    fake.channel(0).end({ exitCode: undefined, stderr: '' });
    expect(await start).toEqual(err({ kind: 'connection-lost', commandSent: false }));
  });

  test('an open that fails → that failure; the next start opens again', async () => {
    const { fake, session } = setup();
    const unreachable: SshFailure = { kind: 'unreachable', reason: 'connect ECONNREFUSED 192.0.2.7:22' };
    fake.failNextOpen(unreachable);
    fake.failNextOpen(unreachable);
    expect(await session.start()).toEqual(err(unreachable));
    expect(fake.opens()).toBe(1);
    expect(await session.request({ op: 'users' })).toEqual(err(unreachable));
    expect(fake.opens()).toBe(2);
    const again = session.start();
    await settle();
    expect(fake.opens()).toBe(3);
    fake.channel(0).sayHello();
    expect(await again).toEqual(ok(PARSED_HELLO));
  });

  test('hello answered with an error (no system bus) → helper-unavailable with its message, channel closed', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    const channel = fake.channel(0);
    channel.fail(0, 'failed', 'no system bus: org.freedesktop.DBus.Error.FileNotFound: no such file');
    expect(await start).toEqual(err({ kind: 'helper-unavailable', reason: 'no system bus: org.freedesktop.DBus.Error.FileNotFound: no such file' }));
    expect(channel.closed).toBe(true);
  });

  test('a program that is not our helper → helper-unavailable, channel closed', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    fake.channel(0).sayHello({ ...HELLO, helper: 'something-else' });
    expect(await start).toEqual(err({ kind: 'helper-unavailable', reason: expect.any(String) as string }));
    expect(fake.channel(0).closed).toBe(true);
  });

  test('no hello within the request timeout → timeout, channel closed, next start opens again', async () => {
    const { fake, session } = setup({ requestTimeoutMs: 2000 });
    const start = tracked(session.start());
    await vi.advanceTimersByTimeAsync(1999);
    expect(start.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await start.promise).toEqual(err({ kind: 'timeout', phase: 'command', afterMs: 2000, commandSent: true }));
    expect(fake.channel(0).closed).toBe(true);
    const again = session.start();
    await settle();
    expect(fake.opens()).toBe(2);
    fake.channel(1).sayHello();
    expect(await again).toEqual(ok(PARSED_HELLO));
  });
});

describe('events', () => {
  const timeLeft = { event: 'timeLeft', user: 'mia', priority: 'low', left: { LEFTD: 4769, LEFT: 4769, SPENT: 210 } };

  test('subscribe sends a subscribe request; events reach the listener only after its answer', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const { events, listener, resyncs } = recordingListener();
    session.subscribe(listener);
    await settle();
    const subscribe = channel.last('subscribe');
    expect(subscribe).toEqual({ id: 1, op: 'subscribe' });
    channel.write(timeLeft);
    expect(events).toEqual([]);
    expect(session.streaming()).toBe(false);
    channel.answer(subscribe.id, {});
    await settle();
    expect(session.streaming()).toBe(true);
    channel.write(timeLeft);
    channel.write({ event: 'daemon', running: false });
    expect(events).toEqual([
      { kind: 'time-left', login: 'mia', secondsLeft: 4769 },
      { kind: 'daemon', running: false },
    ]);
    expect(resyncs()).toBe(0);
  });

  test('events on a channel nobody subscribed on are dropped', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const { events, listener } = recordingListener();
    session.subscribe(listener);
    await settle();
    channel.fail(channel.last('subscribe').id, 'failed', 'no system bus: x');
    await settle();
    channel.write(timeLeft);
    expect(events).toEqual([]);
    expect(session.streaming()).toBe(false);
  });

  test('the unsubscribe stops the events for that listener', async () => {
    const { fake, session } = setup();
    const channel = await started(fake, session);
    const kept = recordingListener();
    const dropped = recordingListener();
    session.subscribe(kept.listener);
    const unsubscribe = session.subscribe(dropped.listener);
    await settle();
    for (const request of channel.requests().filter((sent) => sent.op === 'subscribe')) channel.answer(request.id, {});
    await settle();
    channel.write(timeLeft);
    unsubscribe();
    channel.write(timeLeft);
    expect(kept.events).toHaveLength(2);
    expect(dropped.events).toHaveLength(1);
  });

  test('subscribing on a cold session starts the helper first', async () => {
    const { fake, session } = setup();
    const { events, listener } = recordingListener();
    session.subscribe(listener);
    await settle();
    const channel = fake.channel(0);
    expect(channel.requests()).toEqual([{ id: 0, op: 'hello' }]);
    channel.sayHello();
    await settle();
    channel.answer(channel.last('subscribe').id, {});
    await settle();
    channel.write(timeLeft);
    expect(events).toEqual([{ kind: 'time-left', login: 'mia', secondsLeft: 4769 }]);
  });

  test('a dropped channel is reopened after the first delay, the subscription renewed and onResync called once', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const first = await started(fake, session);
    const { events, listener, resyncs } = recordingListener();
    session.subscribe(listener);
    await settle();
    first.answer(first.last('subscribe').id, {});
    await settle();
    expect(session.streaming()).toBe(true);

    first.end({ exitCode: undefined, stderr: '' });
    expect(session.streaming()).toBe(false);
    await vi.advanceTimersByTimeAsync(99);
    expect(fake.opens()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(fake.opens()).toBe(2);
    const second = fake.channel(1);
    second.sayHello();
    await settle();
    const subscribe = second.last('subscribe');
    expect(resyncs()).toBe(0);
    second.answer(subscribe.id, {});
    await settle();
    expect(resyncs()).toBe(1);
    expect(session.streaming()).toBe(true);
    second.write(timeLeft);
    expect(events).toEqual([{ kind: 'time-left', login: 'mia', secondsLeft: 4769 }]);
    // Nothing more happens by itself.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.opens()).toBe(2);
    expect(resyncs()).toBe(1);
  });

  test('a reopen that fails waits the next delay before trying again', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const first = await started(fake, session);
    const { listener, resyncs } = recordingListener();
    session.subscribe(listener);
    await settle();
    first.answer(first.last('subscribe').id, {});
    await settle();
    fake.failNextOpen({ kind: 'unreachable', reason: 'no route to host' });
    first.end({});
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(fake.opens()).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(fake.opens()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(fake.opens()).toBe(3);
    const second = fake.channel(1);
    second.sayHello();
    await settle();
    second.answer(second.last('subscribe').id, {});
    await settle();
    expect(resyncs()).toBe(1);
  });

  test('without listeners, a dropped channel is not reopened', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const channel = await started(fake, session);
    channel.end({});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.opens()).toBe(1);
  });

  test('close() stops reopening', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const first = await started(fake, session);
    const { listener, resyncs } = recordingListener();
    session.subscribe(listener);
    await settle();
    first.answer(first.last('subscribe').id, {});
    await settle();
    first.end({});
    session.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.opens()).toBe(1);
    expect(resyncs()).toBe(0);
  });

  test('close() of a subscribed session closes its channel and does not reopen it', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const channel = await started(fake, session);
    const { listener } = recordingListener();
    session.subscribe(listener);
    await settle();
    channel.answer(channel.last('subscribe').id, {});
    await settle();
    session.close();
    expect(channel.closed).toBe(true);
    await settle();
    expect(channel.ended).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.opens()).toBe(1);
  });
});

describe('closing and ending at awkward moments (bugs found by these tests, now fixed)', () => {
  // A helper still starting when close() is called (a start() or request() in flight) introduces itself afterwards:
  // its channel must be closed then, not kept open for good.
  test('close() while the helper is starting closes that channel too', async () => {
    const { fake, session } = setup();
    const start = session.start();
    await settle();
    session.close();
    fake.channel(0).sayHello();
    await start;
    await settle();
    expect(fake.channel(0).closed).toBe(true);
  });

  // close() during a reopen for events (resubscribe awaiting start): the reopened channel is closed, not subscribed.
  test('close() during a reopen for events closes the reopened channel', async () => {
    const { fake, session } = setup({ reopenDelaysMs: [100, 200] });
    const first = await started(fake, session);
    session.subscribe(recordingListener().listener);
    await settle();
    first.answer(first.last('subscribe').id, {});
    await settle();
    first.end({});
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(fake.opens()).toBe(2);
    session.close();
    fake.channel(1).sayHello();
    await settle();
    expect(fake.channel(1).closed).toBe(true);
  });

  // The channel ends in the same tick as the hello answer (the helper answers and exits, or the bus drops; the pool's
  // 'close' comes via process.nextTick, before promise continuations): it must not be kept as live, or every later
  // request would be "sent" to a dead channel and time out until the bot restarts.
  test('a channel that ends right after its hello (same tick) is not kept as live', async () => {
    const { fake, session } = setup({ requestTimeoutMs: 1000 });
    const start = session.start();
    await settle();
    const first = fake.channel(0);
    first.sayHello();
    first.end({ exitCode: 0, stderr: '' });
    await start;
    const answer = session.request({ op: 'users' });
    await settle();
    expect(first.sentAfterEnd).toEqual([]);
    expect(fake.opens()).toBe(2);
    fake.channel(1).sayHello();
    await settle();
    fake.channel(1).answer(fake.channel(1).last('users').id, { users: [] });
    expect(await answer).toEqual(ok({ users: [] }));
  });
});
