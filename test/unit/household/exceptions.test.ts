import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../../src/config/types.ts';
import { endExceptions, exceptionEnder, type ExceptionEndDependencies } from '../../../src/household/exceptions.ts';
import { startKeptChanges, type KeptChanges } from '../../../src/household/kept.ts';
import { changeChildRules } from '../../../src/household/rules.ts';
import { hoursFromIntervals, type RuleException, type RulesEdit } from '../../../src/household/rules-edit.ts';
import { localTimeOf } from '../../../src/lib/local-days.ts';
import type { Result } from '../../../src/lib/result.ts';
import type { MachineFailure } from '../../../src/timekpr/client.ts';
import { observeAnswers } from '../../../src/timekpr/observed.ts';
import type { RulesClient, RulesWrite, RulesWriteFailure } from '../../../src/timekpr/rules-client.ts';
import { dayLimitOf, type Rules, type RuleSettings, type RulesPatch } from '../../../src/timekpr/rules.ts';
import { configOf, familyConfig, familyFile, silentLogger, tempStore } from '../../support/bot-config.ts';
import { defaultSettings, FakeRulesClient } from '../../support/fake-rules-client.ts';
import { FakeTimekprClient } from '../../support/offline-bot.ts';
import { recordingChats } from '../../support/recording-chats.ts';

// The end of exceptions in the household core: the fake computers' rules, a real temporary database, the chats as a
// recording port, and a clock of the test's own (Thursday 3 December 2026; the exceptions end at Friday 00:00).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const anna = { id: 1001, name: 'Anna' };
const ben = { id: 1002, name: 'Ben' };
const CHAT = -100;
const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';
const THURSDAY_10 = localTimeOf(THURSDAY, 600);
const FRIDAY_START = localTimeOf(FRIDAY, 0);
const OFF = { kind: 'unreachable', reason: 'no route to host' } as const;

/** A rules client whose reads wait for `gate` when it is set, and which logs reads and writes in order. */
class GatedRules implements RulesClient {
  readonly events: string[] = [];
  gate: Promise<void> | undefined;
  readonly inner: FakeRulesClient;

  constructor(inner: FakeRulesClient) {
    this.inner = inner;
  }

  async readRules(machineId: string, login: string): Promise<Result<Rules, MachineFailure>> {
    this.events.push(`read ${machineId}`);
    await this.gate;
    return this.inner.readRules(machineId, login);
  }

  async changeRules(machineId: string, login: string, patch: RulesPatch): Promise<Result<RulesWrite, RulesWriteFailure>> {
    const thursday = patch.dayLimits === undefined ? '' : ` thu=${String(patch.dayLimits[3])}`;
    this.events.push(`write ${machineId}${thursday}`);
    return this.inner.changeRules(machineId, login, patch);
  }
}

/** Every day 2h, 8:00–20:00. */
function everyDay(): RuleSettings {
  const made = hoursFromIntervals([{ fromMinute: 480, toMinute: 1200, free: false }]);
  if (!made.ok) throw new Error('bad test hours');
  const day = made.value;
  return { ...defaultSettings(), dayLimits: [7200, 7200, 7200, 7200, 7200, 7200, 7200], hours: [day, day, day, day, day, day, day] };
}

function setUp(config: Config = familyConfig()) {
  const { store, file, remove } = tempStore();
  cleanups.push(remove);
  const fake = new FakeRulesClient();
  fake.weekday = 4;
  fake.set('desktop', 'mia', everyDay());
  fake.set('laptop', 'mia2', everyDay());
  fake.set('desktop', 'leo', everyDay());
  const client = new GatedRules(fake);
  const chats = recordingChats();
  const clock = { now: THURSDAY_10 };
  const deps: ExceptionEndDependencies = { client, config, store, logger: silentLogger(), now: () => clock.now, chats };
  let updateId = 100;
  /** A parent's change through the household core, as the chat makes it (kept for a computer that is off). */
  const change = async (childId: string, machineIds: readonly string[], edit: RulesEdit, actor = anna) => {
    const outcome = await changeChildRules(deps, actor, { updateId: ++updateId }, { childId, machineIds, edit }, CHAT, { keepUnreached: true });
    if (outcome.kind !== 'done') throw new Error('duplicate');
    return outcome.results;
  };
  const exception = (childId: string, machineIds: readonly string[], made: RuleException, actor = anna) => change(childId, machineIds, { kind: 'exception', exception: made }, actor);
  return { config, store, file, fake, client, chats, clock, deps, change, exception };
}

const thursdayLimit = (seconds: number): RulesEdit => ({ kind: 'limit', limits: [{ days: { kind: 'days', days: [4] }, seconds }] });

/** The status of each exception row, through a second connection. */
function statuses(file: string): string[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare('SELECT status FROM rule_exceptions ORDER BY id')
      .all()
      .map((row) => String((row as { status: unknown }).status));
  } finally {
    db.close();
  }
}

describe('endExceptions', () => {
  test('nothing ends before its day is over', async () => {
    const { deps, fake, chats, exception, clock } = setUp();
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    clock.now = localTimeOf(THURSDAY, 1439);
    expect(await endExceptions(deps, clock.now)).toBe(0);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(10_800);
    expect(chats.told).toEqual([]);
  });

  test('restored silently where nothing was changed since: exactly what it replaced', async () => {
    const { deps, fake, file, chats, client, exception, clock } = setUp();
    await exception('mia', ['desktop', 'laptop'], { kind: 'tonight', date: THURSDAY, toMinute: 1380 });
    await exception('leo', ['desktop'], { kind: 'day-off', date: THURSDAY });
    expect(fake.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    client.events.length = 0;
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(3);
    expect(fake.settingsOf('desktop', 'mia')).toEqual(everyDay());
    expect(fake.settingsOf('laptop', 'mia2')).toEqual(everyDay());
    expect(fake.settingsOf('desktop', 'leo')).toEqual(everyDay());
    expect(chats.told).toEqual([]);
    expect(statuses(file)).toEqual(['restored', 'restored', 'restored']);
    // Once: another run has nothing left.
    expect(await endExceptions(deps, clock.now + 60_000)).toBe(0);
    expect(client.events.filter((event) => event.startsWith('write'))).toHaveLength(3);
  });

  test('one computer’s only, when named', async () => {
    const { deps, fake, file, exception, clock } = setUp();
    await exception('mia', ['desktop', 'laptop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now, 'laptop')).toBe(1);
    expect(dayLimitOf(fake.settingsOf('laptop', 'mia2'), 4)).toBe(7200);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(10_800);
    expect(statuses(file)).toEqual(['active', 'restored']);
  });

  test('newest first: two exceptions of the same day are undone in turn, back to the day’s own rules', async () => {
    const { deps, fake, file, chats, client, exception, clock } = setUp();
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 14_400 }, ben);
    client.events.length = 0;
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(2);
    expect(client.events.filter((event) => event.startsWith('write'))).toEqual(['write desktop thu=10800', 'write desktop thu=7200']);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(7200);
    // Neither found a later change of its own part.
    expect(chats.told).toEqual([]);
    expect(statuses(file)).toEqual(['restored', 'restored']);
  });

  test('a part changed again since is kept, and the chats are told which; the other part goes back', async () => {
    const { deps, fake, file, chats, exception, change, clock } = setUp();
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    await exception('mia', ['desktop'], { kind: 'tonight', date: THURSDAY, toMinute: 1380 });
    // Later that day, through the bot: Thursday's limit 4h.
    await change('mia', ['desktop'], thursdayLimit(14_400), ben);
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(2);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(14_400);
    expect(fake.settingsOf('desktop', 'mia').hours).toEqual(everyDay().hours);
    expect(statuses(file)).toEqual(['kept', 'restored']);
    expect(chats.told).toHaveLength(1);
    const [notice] = chats.told;
    expect(notice).toMatchObject({ kind: 'exception-ended', end: { kind: 'restored', kept: ['day'] }, exception: { childId: 'mia', machineId: 'desktop', byName: 'Anna', chatId: CHAT } });
    expect(notice?.kind === 'exception-ended' ? (JSON.parse(notice.exception.exception) as unknown) : undefined).toEqual({ kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
  });

  test('a change on the computer itself counts as changed since, too', async () => {
    const { deps, fake, chats, exception, clock } = setUp();
    await exception('leo', ['desktop'], { kind: 'tonight', date: THURSDAY, toMinute: 1380 });
    // By hand on the computer: Thursday 9:00–21:00.
    const nine = hoursFromIntervals([{ fromMinute: 540, toMinute: 1260, free: false }]);
    if (!nine.ok) throw new Error('bad test hours');
    const byHand = { ...everyDay(), hours: everyDay().hours.map((day, index) => (index === 3 ? nine.value : day)) };
    fake.set('desktop', 'leo', byHand);
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(1);
    expect(chats.told).toMatchObject([{ kind: 'exception-ended', end: { kind: 'restored', kept: ['hours'] } }]);
    expect(fake.settingsOf('desktop', 'leo')).toEqual(byHand);
  });

  test('a computer that is off: released, nothing told; put back when it answers', async () => {
    const { deps, fake, file, chats, exception, clock } = setUp();
    await exception('mia', ['desktop', 'laptop'], { kind: 'day-off', date: THURSDAY });
    fake.failMachine('laptop', OFF);
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(1);
    expect(statuses(file)).toEqual(['restored', 'active']);
    expect(chats.told).toEqual([]);
    // Still due, for that computer only.
    expect(deps.store.exceptions.due(clock.now).map((due) => due.machineId)).toEqual(['laptop']);
    // A connect timeout is "not reached" too.
    fake.failMachine('laptop', { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false });
    expect(await endExceptions(deps, clock.now + 1000)).toBe(0);
    expect(statuses(file)).toEqual(['restored', 'active']);

    fake.failMachine('laptop', undefined);
    clock.now += 3_600_000;
    expect(await endExceptions(deps, clock.now, 'laptop')).toBe(1);
    expect(fake.settingsOf('laptop', 'mia2')).toEqual(everyDay());
    expect(statuses(file)).toEqual(['restored', 'restored']);
    expect(chats.told).toEqual([]);
  });

  test('a computer that answers but fails: not put back yet, the chats are told once, and it is tried again', async () => {
    const { deps, fake, file, chats, exception, clock } = setUp();
    await exception('leo', ['desktop'], { kind: 'day-off', date: THURSDAY });
    fake.failMachine('desktop', { kind: 'auth', user: 'timekpr-bot', methods: ['key'] });
    clock.now = FRIDAY_START;
    const ender = exceptionEnder(deps);
    expect(await ender.endDue(clock.now)).toBe(0);
    expect(statuses(file)).toEqual(['active']);
    expect(chats.told).toMatchObject([{ kind: 'exception-ended', end: { kind: 'failed', retrying: true, outcome: { kind: 'failed', failure: { kind: 'auth' } } } }]);
    // Tried again quietly; once the computer lets the bot in, it is put back.
    expect(await ender.endDue(clock.now + 1000)).toBe(0);
    expect(chats.told).toHaveLength(1);
    fake.failMachine('desktop', undefined);
    expect(await ender.endDue(clock.now + 2000)).toBe(1);
    expect(statuses(file)).toEqual(['restored']);
    expect(dayLimitOf(fake.settingsOf('desktop', 'leo'), 4)).toBeDefined();
  });

  test('no account any more: failed, and the chats are told', async () => {
    const { store, file, fake, chats, exception, clock } = setUp();
    await exception('mia', ['laptop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    // The config now has Mia on the desktop only.
    const base = familyFile();
    const withoutLaptop = configOf({ ...base, children: { ...base.children, mia: { name: 'Mia', accounts: { desktop: 'mia' } } } });
    const deps: ExceptionEndDependencies = { client: fake, config: withoutLaptop, store, logger: silentLogger(), now: () => clock.now, chats };
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(1);
    expect(statuses(file)).toEqual(['failed']);
    expect(chats.told).toMatchObject([
      { kind: 'exception-ended', exception: { childId: 'mia', machineId: 'laptop' }, end: { kind: 'failed', outcome: { kind: 'failed', failure: { kind: 'no-account', childId: 'mia', machineId: 'laptop' } } } },
    ]);
    expect(dayLimitOf(fake.settingsOf('laptop', 'mia2'), 4)).toBe(10_800);
    // Not tried again.
    expect(await endExceptions(deps, clock.now + 1000)).toBe(0);
    expect(chats.told).toHaveLength(1);
  });

  test('a record this version cannot read is not put back blindly: failed, and told', async () => {
    const { deps, store, file, fake, chats, clock } = setUp();
    store.exceptions.add({
      at: THURSDAY_10,
      updateId: 5,
      childId: 'leo',
      machineId: 'desktop',
      weekday: 4,
      exception: '{"kind":"future"}',
      before: '{"shape":"unknown"}',
      wrote: 'not json',
      endsAt: FRIDAY_START,
      byId: anna.id,
      byName: 'Anna',
      chatId: CHAT,
    });
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(1);
    expect(statuses(file)).toEqual(['failed']);
    expect(chats.told).toMatchObject([{ kind: 'exception-ended', end: { kind: 'failed', outcome: undefined } }]);
    expect(fake.writes).toEqual([]);
  });

  test('an exception an Undo took back is not restored at its end', async () => {
    const { deps, file, client, exception, clock } = setUp();
    await exception('leo', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    deps.store.exceptions.undoUpdate(101, clock.now);
    client.events.length = 0;
    clock.now = FRIDAY_START;
    expect(await endExceptions(deps, clock.now)).toBe(0);
    expect(client.events).toEqual([]);
    expect(statuses(file)).toEqual(['undone']);
  });
});

describe('exceptionEnder: one computer at a time', () => {
  test('two runs asked at once for the same computer restore each exception once, newest first', async () => {
    const { deps, fake, file, chats, client, exception, clock } = setUp();
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 14_400 });
    client.events.length = 0;
    const ender = exceptionEnder(deps);
    clock.now = FRIDAY_START;
    let open = (): void => undefined;
    client.gate = new Promise((resolve) => (open = resolve));
    const tick = ender.endDue(clock.now);
    const answered = ender.endDue(clock.now, 'desktop');
    // The second waits for the first: it has not read anything while the first is held at its read.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.events).toEqual(['read desktop']);
    client.gate = undefined;
    open();
    const counts = await Promise.all([tick, answered]);
    expect(counts).toEqual([2, 0]);
    expect(client.events.filter((event) => event.startsWith('write'))).toEqual(['write desktop thu=10800', 'write desktop thu=7200']);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(7200);
    // Had the second run taken the older exception meanwhile, it would have found 4h and "kept" it.
    expect(chats.told).toEqual([]);
    expect(statuses(file)).toEqual(['restored', 'restored']);
  });

  test('different computers are not held up by each other', async () => {
    const { deps, fake, client, exception, clock } = setUp();
    await exception('mia', ['desktop', 'laptop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    const ender = exceptionEnder(deps);
    clock.now = FRIDAY_START;
    client.events.length = 0;
    let open = (): void => undefined;
    client.gate = new Promise((resolve) => (open = resolve));
    const both = ender.endDue(clock.now);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Both computers were read at once.
    expect(client.events.sort()).toEqual(['read desktop', 'read laptop']);
    client.gate = undefined;
    open();
    expect(await both).toBe(2);
    expect(dayLimitOf(fake.settingsOf('laptop', 'mia2'), 4)).toBe(7200);
  });

  test('a run that throws does not stop the next one for the computer', async () => {
    const { deps, fake, exception, clock } = setUp();
    await exception('leo', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    clock.now = FRIDAY_START;
    let calls = 0;
    const throwing: ExceptionEndDependencies = {
      ...deps,
      client: {
        readRules: (machineId, login) => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error('bug')) : fake.readRules(machineId, login);
        },
        changeRules: (machineId, login, patch) => fake.changeRules(machineId, login, patch),
      },
    };
    const ender = exceptionEnder(throwing);
    await expect(ender.endDue(clock.now, 'desktop')).rejects.toThrow('bug');
    // The one claimed by the failed run waits again at once (nothing is left half claimed until a restart).
    expect(deps.store.exceptions.settleRestoring()).toBe(0);
    expect(deps.store.exceptions.due(clock.now).map((due) => due.status)).toEqual(['active']);
    expect(await ender.endDue(clock.now, 'desktop')).toBe(1);
    expect(dayLimitOf(fake.settingsOf('desktop', 'leo'), 4)).toBe(7200);
  });
});

describe('kept changes after the ended exceptions', () => {
  /** The kept-changes service as background.ts wires it, told of every answer of the computers. */
  function keptService(setup: ReturnType<typeof setUp>, withEnds: boolean): { service: KeptChanges; timekpr: FakeTimekprClient } {
    const { config, store, client, chats, clock } = setup;
    const ender = exceptionEnder(setup.deps);
    const timekpr = new FakeTimekprClient(config);
    const heard: { onAnswer: (machineId: string) => void } = { onAnswer: () => undefined };
    const observed = observeAnswers(timekpr, [{ answered: (machineId) => heard.onAnswer(machineId) }]);
    const service = startKeptChanges({
      client: observed,
      rules: client,
      config,
      store,
      logger: silentLogger(),
      now: () => clock.now,
      chats,
      ...(withEnds
        ? { beforeKept: (machineId: string) => ender.endDue(clock.now, machineId), waitingBeforeKept: () => [...new Set(store.exceptions.due(clock.now).map((due) => due.machineId))] }
        : {}),
    });
    heard.onAnswer = service.onAnswer;
    cleanups.push(() => service.stop());
    return { service, timekpr };
  }

  test('a computer back after its exception ended: the exception is put back first, then the change kept for it', async () => {
    const setup = setUp();
    const { fake, client, chats, file, exception, change, clock } = setup;
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    // Friday: the desktop is off when Ben sets Thursdays to 5h; it is kept.
    clock.now = localTimeOf(FRIDAY, 30);
    fake.failMachine('desktop', OFF);
    const results = await change('mia', ['desktop'], thursdayLimit(18_000), ben);
    expect(results.map((result) => result.kind === 'failed' && result.kept !== undefined)).toEqual([true]);
    const { service } = keptService(setup, true);
    await service.retryNow();
    expect(statuses(file)).toEqual(['active']);

    fake.failMachine('desktop', undefined);
    client.events.length = 0;
    clock.now = localTimeOf(FRIDAY, 60);
    await service.retryNow();
    expect(client.events.filter((event) => event.startsWith('write'))).toEqual(['write desktop thu=7200', 'write desktop thu=18000']);
    expect(dayLimitOf(fake.settingsOf('desktop', 'mia'), 4)).toBe(18_000);
    expect(statuses(file)).toEqual(['restored']);
    expect(chats.told.map((notice) => notice.kind)).toEqual(['kept-rules-applied']);
  });

  test('without the ends first, the kept change would land before and the exception’s end would keep it (the order matters)', async () => {
    const setup = setUp();
    const { fake, client, chats, exception, change, clock } = setup;
    await exception('mia', ['desktop'], { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    clock.now = localTimeOf(FRIDAY, 30);
    fake.failMachine('desktop', OFF);
    await change('mia', ['desktop'], thursdayLimit(18_000), ben);
    const { service } = keptService(setup, false);
    fake.failMachine('desktop', undefined);
    client.events.length = 0;
    service.onAnswer('desktop');
    await service.retryNow();
    await endExceptions(setup.deps, clock.now);
    expect(client.events.filter((event) => event.startsWith('write'))).toEqual(['write desktop thu=18000']);
    expect(chats.told.map((notice) => notice.kind)).toEqual(['kept-rules-applied', 'exception-ended']);
  });

  test('a computer with only an ended exception waiting is tried too, and it is put back when it answers', async () => {
    const setup = setUp();
    const { fake, file, exception, clock } = setup;
    await exception('leo', ['desktop'], { kind: 'day-off', date: THURSDAY });
    const { service, timekpr } = keptService(setup, true);
    clock.now = localTimeOf(FRIDAY, 60);
    await service.retryNow();
    // The probe read the desktop; its answer put the exception back.
    expect(timekpr.usersInfoCalls.map((call) => call.machineId)).toContain('desktop');
    expect(fake.settingsOf('desktop', 'leo')).toEqual(everyDay());
    expect(statuses(file)).toEqual(['restored']);
  });
});
