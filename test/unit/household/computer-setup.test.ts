import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ComputerSetup, type Addition, type AdditionEvent } from '../../../src/household/computer-setup.ts';
import { SetupLinks } from '../../../src/household/setup-links.ts';
import type { ListenAddress, SetupServer, SetupServerProblem } from '../../../src/household/setup-server.ts';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { FirstContact, FirstContactTarget, HostKeySeen } from '../../../src/ssh/first-contact.ts';

/*
 * ComputerSetup with no network: a fake setup server (the test plays the script being fetched by calling the
 * `onServed` the class gave it), a scripted first contact, fake timers for the watch.
 */

const NOW = new Date(2026, 2, 14, 17, 0).getTime();
const EVERY_MS = 1_000;
const FOR_MS = 10_000;

const HOST_KEY: HostKeySeen = { keyType: 'ssh-ed25519', keyBlob: Buffer.from('host key blob'), fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const ACCEPTED: FirstContact = { kind: 'key-accepted', hostKey: HOST_KEY };
const REFUSED: FirstContact = { kind: 'key-refused', hostKey: HOST_KEY };

const ADDITION: Addition = { machineId: 'desktop', chatId: 1001, userId: 1001, languageCode: 'de' };

/** A SetupServer that listens in name only; `listenAnswer` is what `ensureListening` gives. */
class FakeSetupServer implements SetupServer {
  listenAnswer: Result<ListenAddress, SetupServerProblem> = ok({ host: '0.0.0.0', port: 8477 });
  listening = false;
  ensureListeningCalls = 0;
  closeIfIdleCalls = 0;
  closeCalls = 0;

  ensureListening(): Promise<Result<ListenAddress, SetupServerProblem>> {
    this.ensureListeningCalls += 1;
    if (this.listenAnswer.ok) this.listening = true;
    return Promise.resolve(this.listenAnswer);
  }

  closeIfIdle(): Promise<void> {
    this.closeIfIdleCalls += 1;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closeCalls += 1;
    this.listening = false;
    return Promise.resolve();
  }
}

/** A first contact that can be held open: resolved later by the test. */
interface Held {
  readonly resolve: (contact: FirstContact) => void;
}

interface Rig {
  readonly setup: ComputerSetup;
  readonly server: FakeSetupServer;
  readonly links: SetupLinks;
  /** The script for a computer was fetched (what the real server tells after serving it). */
  readonly served: (machineId: string) => void;
  readonly events: AdditionEvent[];
  /** Every first contact made, with its target. */
  readonly contacts: FirstContactTarget[];
  /** What the next first contacts answer, in order; when empty, `fallback`. */
  readonly script: FirstContact[];
  /** First contacts held open (answered when the test says). */
  readonly held: Held[];
  /** When set, first contacts are held open instead of answered from `script`. */
  hold: boolean;
  fallback: FirstContact;
  readonly targetOf: ReturnType<typeof vi.fn<(machineId: string) => Promise<Result<FirstContactTarget, string>>>>;
}

function rig(options: { readonly watchEveryMs?: number; readonly watchForMs?: number } = {}): Rig {
  const server = new FakeSetupServer();
  const links = new SetupLinks();
  let onServed: ((machineId: string) => void) | undefined;
  const events: AdditionEvent[] = [];
  const contacts: FirstContactTarget[] = [];
  const script: FirstContact[] = [];
  const held: Held[] = [];
  const targetOf = vi.fn((machineId: string) =>
    Promise.resolve(ok({ host: `${machineId}.lan`, port: 22, user: 'timekpr-bot', privateKey: Buffer.from('key'), timeoutMs: 5_000 }) as Result<FirstContactTarget, string>),
  );
  const state: Omit<Rig, 'setup'> = {
    server,
    links,
    served: (machineId) => {
      if (onServed === undefined) throw new Error('the class gave the server no onServed');
      onServed(machineId);
    },
    events,
    contacts,
    script,
    held,
    hold: false,
    fallback: REFUSED,
    targetOf,
  };
  const setup = new ComputerSetup(
    {
      server: (given, served) => {
        expect(given).toBe(links);
        onServed = served;
        return server;
      },
      targetOf,
      firstContact: (target) => {
        contacts.push(target);
        if (state.hold) return new Promise((resolve) => held.push({ resolve }));
        return Promise.resolve(script.shift() ?? state.fallback);
      },
      logger: pino({ level: 'silent' }),
      now: () => Date.now(),
      watchEveryMs: options.watchEveryMs ?? EVERY_MS,
      watchForMs: options.watchForMs ?? FOR_MS,
    },
    links,
  );
  setup.tell = (event) => events.push(event);
  return Object.assign(state, { setup });
}

/** Lets resolved promises run (no timer moves). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('begin', () => {
  test('opens a one-time link for the computer and makes the server listen', async () => {
    const { setup, server, links } = rig();
    const begun = await setup.begin(ADDITION);
    expect(begun.ok).toBe(true);
    if (!begun.ok) return;
    expect(begun.value).toMatchObject({ machineId: 'desktop', expiresAt: NOW + 15 * 60_000 });
    expect(begun.value.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.ensureListeningCalls).toBe(1);
    expect(server.listening).toBe(true);
    expect(links.anyOpen(NOW)).toBe(true);
    expect(setup.addition('desktop')).toEqual(ADDITION);
    expect(links.take(begun.value.token, NOW)).toBe('desktop');
  });

  test('a server that cannot listen: the problem comes back, and no link is left open', async () => {
    const { setup, server, links, events, contacts, served } = rig();
    const problem: SetupServerProblem = { kind: 'cannot-listen', reason: 'address-in-use', message: 'the setup server cannot listen on 0.0.0.0:8477: another program already uses that port' };
    server.listenAnswer = err(problem);

    const begun = await setup.begin(ADDITION);

    expect(begun).toEqual({ ok: false, error: problem });
    expect(links.anyOpen(NOW)).toBe(false);
    expect(setup.addition('desktop')).toBeUndefined();
    // Nothing to watch for either.
    served('desktop');
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(contacts).toEqual([]);
    expect(events).toEqual([]);
  });

  test('again for the same computer: the old link is no longer good, the new one is', async () => {
    const { setup, links } = rig();
    const first = await setup.begin(ADDITION);
    const second = await setup.begin({ ...ADDITION, userId: 1002, chatId: 1002 });
    if (!first.ok || !second.ok) throw new Error('begin failed');
    expect(second.value.token).not.toBe(first.value.token);
    expect(links.take(first.value.token, NOW)).toBeUndefined();
    expect(setup.addition('desktop')).toMatchObject({ userId: 1002 });
    expect(links.take(second.value.token, NOW)).toBe('desktop');
  });

  test('again after the script was fetched: the old watch stops until the new script is fetched', async () => {
    const r = rig();
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(1);

    await r.setup.begin(ADDITION);
    await vi.advanceTimersByTimeAsync(EVERY_MS * 5);
    expect(r.contacts).toHaveLength(1);

    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(2);
  });
});

describe('the watch after the script was fetched', () => {
  test('nothing is looked at before the script is fetched', async () => {
    const { setup, contacts } = rig();
    await setup.begin(ADDITION);
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(contacts).toEqual([]);
  });

  test('a script fetched for a computer not being added starts no watch', async () => {
    const { served, contacts, events } = rig();
    served('laptop');
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(contacts).toEqual([]);
    expect(events).toEqual([]);
  });

  test('looks every watchEveryMs, and tells one key-accepted event with the host key once the key is accepted', async () => {
    const r = rig();
    r.script.push(REFUSED, REFUSED, ACCEPTED);
    await r.setup.begin(ADDITION);
    r.served('desktop');

    await vi.advanceTimersByTimeAsync(EVERY_MS - 1);
    expect(r.contacts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.contacts).toHaveLength(1);
    expect(r.targetOf).toHaveBeenLastCalledWith('desktop');
    expect(r.contacts[0]).toMatchObject({ host: 'desktop.lan', port: 22, user: 'timekpr-bot' });
    expect(r.events).toEqual([]);

    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(2);
    expect(r.events).toEqual([]);

    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(3);
    expect(r.events).toEqual([{ kind: 'key-accepted', addition: ADDITION, hostKey: HOST_KEY }]);

    // The watch is over: no more looks, no more events.
    r.fallback = ACCEPTED;
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.contacts).toHaveLength(3);
    expect(r.events).toHaveLength(1);
  });

  test('key-refused keeps it watching, and unreachable too', async () => {
    const r = rig();
    r.script.push(REFUSED, { kind: 'unreachable', failure: { kind: 'unreachable', reason: 'connection refused' } }, REFUSED, REFUSED);
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS * 4);
    expect(r.contacts).toHaveLength(4);
    expect(r.events).toEqual([]);
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(5);
  });

  test('a computer not in the config (targetOf fails) is looked at again, not probed', async () => {
    const r = rig();
    r.targetOf.mockResolvedValue(err('no key for desktop in the config'));
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS * 3);
    expect(r.targetOf).toHaveBeenCalledTimes(3);
    expect(r.contacts).toEqual([]);
    expect(r.events).toEqual([]);
  });

  test('after watchForMs without the key accepted: one gave-up event, and the watch ends', async () => {
    const r = rig();
    await r.setup.begin(ADDITION);
    r.served('desktop');

    await vi.advanceTimersByTimeAsync(FOR_MS - 1);
    expect(r.events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.events).toEqual([{ kind: 'gave-up', addition: ADDITION }]);
    expect(r.contacts).toHaveLength(FOR_MS / EVERY_MS);

    await vi.advanceTimersByTimeAsync(FOR_MS * 3);
    expect(r.events).toHaveLength(1);
    expect(r.contacts).toHaveLength(FOR_MS / EVERY_MS);
  });

  test('finish stops the watch, gives back the addition, and lets the server close', async () => {
    const r = rig();
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.contacts).toHaveLength(1);

    expect(r.setup.finish('desktop')).toEqual(ADDITION);
    expect(r.server.closeIfIdleCalls).toBe(1);
    expect(r.setup.addition('desktop')).toBeUndefined();

    r.fallback = ACCEPTED;
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.contacts).toHaveLength(1);
    expect(r.events).toEqual([]);
    expect(r.setup.finish('desktop')).toBeUndefined();
  });

  test('finish while a look is under way: its answer tells nothing', async () => {
    const r = rig();
    r.hold = true;
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    expect(r.held).toHaveLength(1);

    r.setup.finish('desktop');
    r.held[0]?.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.events).toEqual([]);
    expect(r.contacts).toHaveLength(1);
  });

  test('close stops every watch and closes the server', async () => {
    const r = rig();
    await r.setup.begin(ADDITION);
    await r.setup.begin({ ...ADDITION, machineId: 'laptop' });
    r.served('desktop');
    r.served('laptop');
    await r.setup.close();
    expect(r.server.closeCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.contacts).toEqual([]);
    expect(r.events).toEqual([]);
  });
});

describe('check (the parent tapped Done)', () => {
  test('for a computer not being added: not-adding, and nothing is probed', async () => {
    const r = rig();
    expect(await r.setup.check('desktop')).toEqual({ kind: 'not-adding' });
    await r.setup.begin(ADDITION);
    r.setup.finish('desktop');
    expect(await r.setup.check('desktop')).toEqual({ kind: 'not-adding' });
    expect(r.targetOf).not.toHaveBeenCalled();
    expect(r.contacts).toEqual([]);
  });

  test('key-refused and unreachable are given back and tell nothing', async () => {
    const r = rig();
    await r.setup.begin(ADDITION);
    expect(await r.setup.check('desktop')).toEqual(REFUSED);
    r.targetOf.mockResolvedValueOnce(err('no key for desktop in the config'));
    expect(await r.setup.check('desktop')).toEqual({ kind: 'unreachable', failure: { kind: 'ssh-error', message: 'no key for desktop in the config' } });
    expect(r.events).toEqual([]);
  });

  test('key-accepted is given back and told as an event, once however often Done is tapped', async () => {
    const r = rig();
    r.fallback = ACCEPTED;
    await r.setup.begin(ADDITION);
    expect(await r.setup.check('desktop')).toEqual(ACCEPTED);
    expect(await r.setup.check('desktop')).toEqual(ACCEPTED);
    expect(r.events).toEqual([{ kind: 'key-accepted', addition: ADDITION, hostKey: HOST_KEY }]);
  });

  test('added anew after finish: told again for the new addition', async () => {
    const r = rig();
    r.fallback = ACCEPTED;
    await r.setup.begin(ADDITION);
    await r.setup.check('desktop');
    r.setup.finish('desktop');
    await r.setup.begin(ADDITION);
    await r.setup.check('desktop');
    expect(r.events.map((event) => event.kind)).toEqual(['key-accepted', 'key-accepted']);
  });

  test('Done and the watch finding the key at about the same time: still one event', async () => {
    const r = rig();
    r.hold = true;
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    // The watch's look is under way; the parent taps Done meanwhile.
    const checked = r.setup.check('desktop');
    await settle();
    expect(r.held).toHaveLength(2);

    r.held[0]?.resolve(ACCEPTED);
    r.held[1]?.resolve(ACCEPTED);
    expect(await checked).toEqual(ACCEPTED);
    await settle();
    expect(r.events).toEqual([{ kind: 'key-accepted', addition: ADDITION, hostKey: HOST_KEY }]);

    // And the watch is over.
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.contacts).toHaveLength(2);
    expect(r.events).toHaveLength(1);
  });

  test('Done answered first, then the watch: still one event, and the watch ends', async () => {
    const r = rig();
    r.hold = true;
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    const checked = r.setup.check('desktop');
    await settle();
    r.held[1]?.resolve(ACCEPTED);
    expect(await checked).toEqual(ACCEPTED);
    r.held[0]?.resolve(ACCEPTED);
    await settle();
    expect(r.events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(FOR_MS * 2);
    expect(r.contacts).toHaveLength(2);
  });

  // A look of the watch under way when Done found the key still answers afterwards: its older answer is dropped.
  test('a stale key-refused from the watch after Done found the key: no gave-up after key-accepted', async () => {
    const r = rig({ watchEveryMs: EVERY_MS, watchForMs: EVERY_MS });
    r.hold = true;
    await r.setup.begin(ADDITION);
    r.served('desktop');
    await vi.advanceTimersByTimeAsync(EVERY_MS);
    const checked = r.setup.check('desktop');
    await settle();
    r.held[1]?.resolve(ACCEPTED);
    expect(await checked).toEqual(ACCEPTED);
    // The watch's look had started before the key was installed.
    r.held[0]?.resolve(REFUSED);
    await vi.advanceTimersByTimeAsync(FOR_MS);
    expect(r.events.map((event) => event.kind)).toEqual(['key-accepted']);
  });

  test('an event while no run of the household listens (the config is being read again) waits for the next one', async () => {
    const r = rig();
    r.fallback = ACCEPTED;
    await r.setup.begin(ADDITION);
    r.setup.detach();
    expect(await r.setup.check('desktop')).toEqual(ACCEPTED);
    expect(r.events).toEqual([]);
    const next: AdditionEvent[] = [];
    r.setup.tell = (event) => next.push(event);
    expect(next).toEqual([{ kind: 'key-accepted', addition: ADDITION, hostKey: HOST_KEY }]);
  });
});
