import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, test } from 'vitest';
import { slotOf } from '../../../src/household/day-slot.ts';
import { profileEdit, standingOf } from '../../../src/household/profile-rules.ts';
import { hoursFromIntervals, wantedSettings, type RuleException, type RulesEdit } from '../../../src/household/rules-edit.ts';
import { parseStoredException, parseStoredSettings, parseStoredSlot } from '../../../src/household/rules-stored.ts';
import { changeChildRules, changeRulesOfChildren, undoRulesChange, type MachineRulesOutcome, type RulesDependencies, type RulesOutcome } from '../../../src/household/rules.ts';
import { localTimeOf } from '../../../src/lib/local-days.ts';
import type { AllowedHour } from '../../../src/timekpr/parse.ts';
import type { IsoWeekday, Rules, RuleSettings } from '../../../src/timekpr/rules.ts';
import { familyConfig, silentLogger, tempStore } from '../../support/bot-config.ts';
import { defaultSettings, FakeRulesClient } from '../../support/fake-rules-client.ts';

// What the bot expects each computer to have (its own changes replayed), the exceptions it records when it writes
// one, and an Undo that also takes back a profile choice and an exception: through the household core, with a fake
// computer and a real temporary database.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const anna = { id: 1001, name: 'Anna' };
const ben = { id: 1002, name: 'Ben' };
const CHAT = -100;

const THURSDAY = '2026-12-03';
/** 10:00 on the Wednesday before: `/tomorrow` is about Thursday. */
const WEDNESDAY_10 = localTimeOf('2026-12-02', 600);
const THURSDAY_10 = localTimeOf(THURSDAY, 600);

function setUp(start: number = THURSDAY_10) {
  const config = familyConfig();
  const { store, file, remove } = tempStore();
  cleanups.push(remove);
  const client = new FakeRulesClient();
  const clock = { now: start };
  const deps: RulesDependencies = { client, config, store, logger: silentLogger(), now: () => clock.now };
  return { config, store, file, client, deps, clock };
}

function hours(...spans: [number, number][]): AllowedHour[] {
  const made = hoursFromIntervals(spans.map(([fromMinute, toMinute]) => ({ fromMinute, toMinute, free: false })));
  if (!made.ok) throw new Error(`bad test hours: ${JSON.stringify(made.error)}`);
  return made.value;
}

/** School: weekdays 2h, weekend 3h. */
const school = profileEdit({
  id: 'school',
  rules: {
    limits: [
      { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 7200 },
      { days: { kind: 'days', days: [6, 7] }, seconds: 10_800 },
    ],
  },
});

function limitOf(day: IsoWeekday, seconds: number): RulesEdit {
  return { kind: 'limit', limits: [{ days: { kind: 'days', days: [day] }, seconds }] };
}

function exceptionEdit(exception: RuleException): RulesEdit {
  return { kind: 'exception', exception };
}

function settingsAfter(settings: RuleSettings, edit: RulesEdit): RuleSettings {
  const wanted = wantedSettings({ login: 'x', weekday: 3, settings, playTimeLeftToday: 0, playTimeSpentToday: 0 }, edit);
  if (!wanted.ok) throw new Error(`refused: ${JSON.stringify(wanted.error)}`);
  return wanted.value;
}

function results(outcome: RulesOutcome): readonly MachineRulesOutcome[] {
  if (outcome.kind !== 'done') throw new Error('duplicate update');
  return outcome.results;
}

function kinds(outcome: RulesOutcome): [string, string][] {
  return results(outcome).map((result) => [result.machineId, result.kind]);
}

async function rulesOn(client: FakeRulesClient, machineId: string, login: string): Promise<Rules> {
  const read = await client.readRules(machineId, login);
  if (!read.ok) throw new Error('unreadable');
  return read.value;
}

function expectedOf(store: ReturnType<typeof tempStore>['store'], childId: string, machineId: string): RuleSettings | undefined {
  return parseStoredSettings(store.profiles.expected(childId, machineId));
}

/** The status of an exception row as SQLite has it, through a second connection. */
function exceptionStatuses(file: string): string[] {
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

describe('what the bot expects a computer to have', () => {
  test('after a write: what it wrote, on each computer it wrote; nothing for one it never wrote', async () => {
    const { deps, client, store } = setUp();
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: school }, CHAT);
    expect(kinds(outcome)).toEqual([
      ['desktop', 'changed'],
      ['laptop', 'changed'],
    ]);
    const onProfile = settingsAfter(defaultSettings(), school);
    expect(client.settingsOf('desktop', 'mia')).toEqual(onProfile);
    expect(expectedOf(store, 'mia', 'desktop')).toEqual(onProfile);
    expect(expectedOf(store, 'mia', 'laptop')).toEqual(onProfile);
    expect(store.profiles.expected('leo', 'desktop')).toBeUndefined();
  });

  test('after "already": what the computer has, though nothing was written', async () => {
    const { deps, client, store } = setUp();
    const onProfile = settingsAfter(defaultSettings(), school);
    client.set('desktop', 'leo', onProfile);
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    expect(kinds(outcome)).toEqual([['desktop', 'already']]);
    expect(client.writes).toEqual([]);
    expect(expectedOf(store, 'leo', 'desktop')).toEqual(onProfile);
  });

  test('a refused or failed change expects nothing new', async () => {
    const { deps, client, store } = setUp();
    client.set('desktop', 'leo', { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [3600, 3600, 3600, 3600, 3600] });
    const refused = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    expect(results(refused)[0]).toMatchObject({ kind: 'refused', problem: { kind: 'days-not-allowed', days: [6, 7] } });
    expect(store.profiles.expected('leo', 'desktop')).toBeUndefined();

    client.failMachine('laptop', { kind: 'unreachable', reason: 'no route to host' });
    const failed = await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'mia', machineIds: ['laptop'], edit: school });
    expect(kinds(failed)).toEqual([['laptop', 'failed']]);
    expect(store.profiles.expected('mia', 'laptop')).toBeUndefined();
  });

  test('each later change through the bot is replayed on what it expected', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    await changeChildRules(deps, ben, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(6, 14_400) });
    await changeChildRules(deps, anna, { updateId: 3 }, { childId: 'leo', machineIds: ['desktop'], edit: { kind: 'week-limit', seconds: 36_000 } });
    const expected = expectedOf(store, 'leo', 'desktop');
    expect(expected?.dayLimits).toEqual([7200, 7200, 7200, 7200, 7200, 14_400, 10_800]);
    expect(expected?.weekLimit).toBe(36_000);
    expect(expected).toEqual(client.settingsOf('desktop', 'leo'));
  });

  test('a later /limit through the bot is "changed", not unexplained', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
    const limit = await changeChildRules(deps, ben, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(6, 14_400) });
    expect(kinds(limit)).toEqual([['desktop', 'changed']]);
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({
      ok: true,
      value: { unexplained: [], changed: [{ kind: 'day', day: 6, actual: 14_400, profile: 10_800 }] },
    });
  });

  test('a change made on the computer itself is unexplained, and a later change through the bot does not explain it', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(6, 14_400) });
    // Someone gives Monday 4h on the computer (timekpra, the admin window): the bot knows nothing of it.
    client.set('desktop', 'leo', settingsAfter(client.settingsOf('desktop', 'leo'), limitOf(1, 14_400)));
    const monday = { kind: 'day', day: 1, actual: 14_400, profile: 7200 } as const;
    const saturday = { kind: 'day', day: 6, actual: 14_400, profile: 10_800 } as const;
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({
      ok: true,
      value: { unexplained: [monday], changed: [saturday] },
    });

    await changeChildRules(deps, anna, { updateId: 3 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(7, 3600) });
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({
      ok: true,
      value: { unexplained: [monday], changed: [saturday, { kind: 'day', day: 7, actual: 3600, profile: 10_800 }] },
    });

    // Applying the profile again puts everything back, and the bot expects that.
    const again = await changeChildRules(deps, anna, { updateId: 4 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    expect(kinds(again)).toEqual([['desktop', 'changed']]);
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
  });

  test('a hand change over one the bot made is unexplained', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(6, 14_400) });
    client.set('desktop', 'leo', settingsAfter(client.settingsOf('desktop', 'leo'), limitOf(6, 18_000)));
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({
      ok: true,
      value: { unexplained: [{ kind: 'day', day: 6, actual: 18_000, profile: 10_800 }], changed: [] },
    });
  });

  test('several children under one update: each computer expects its own', async () => {
    const { deps, client, store } = setUp();
    client.set('desktop', 'leo', { ...defaultSettings(), weekLimit: 36_000 });
    const outcome = await changeRulesOfChildren(
      deps,
      anna,
      { updateId: 5 },
      [
        { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: school },
        { childId: 'leo', machineIds: ['desktop'], edit: school },
      ],
      CHAT,
    );
    expect(outcome.kind === 'done' ? outcome.children.map((child) => [child.childId, child.results.map((result) => [result.machineId, result.kind])]) : outcome).toEqual([
      ['mia', [['desktop', 'changed'], ['laptop', 'changed']]],
      ['leo', [['desktop', 'changed']]],
    ]);
    expect(expectedOf(store, 'mia', 'desktop')).toEqual(client.settingsOf('desktop', 'mia'));
    expect(expectedOf(store, 'mia', 'laptop')).toEqual(client.settingsOf('laptop', 'mia2'));
    expect(expectedOf(store, 'leo', 'desktop')).toEqual(client.settingsOf('desktop', 'leo'));
    expect(expectedOf(store, 'leo', 'desktop')?.weekLimit).toBe(36_000);
    expect(store.rules.ofUpdate(5).map((row) => [row.childId, row.machineId])).toEqual([
      ['mia', 'desktop'],
      ['mia', 'laptop'],
      ['leo', 'desktop'],
    ]);
    expect((await changeRulesOfChildren(deps, anna, { updateId: 5 }, [{ childId: 'leo', machineIds: ['desktop'], edit: limitOf(1, 60) }])).kind).toBe('duplicate');
  });
});

describe('an exception written', () => {
  test('is recorded per computer with its weekday, the day it replaced and wrote, and ends at local midnight after its date', async () => {
    const { deps, client, store } = setUp(WEDNESDAY_10);
    const exception: RuleException = { kind: 'day-limit', date: THURSDAY, seconds: 10_800 };
    const before = client.settingsOf('desktop', 'mia');
    const outcome = await changeChildRules(deps, anna, { updateId: 7 }, { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: exceptionEdit(exception) }, CHAT);
    expect(kinds(outcome)).toEqual([
      ['desktop', 'changed'],
      ['laptop', 'changed'],
    ]);
    const rows = store.exceptions.active('mia');
    expect(rows.map((row) => row.machineId)).toEqual(['desktop', 'laptop']);
    const [row] = rows;
    expect(row).toEqual({
      id: row?.id,
      at: WEDNESDAY_10,
      updateId: 7,
      childId: 'mia',
      machineId: 'desktop',
      weekday: 4,
      exception: row?.exception,
      before: row?.before,
      wrote: row?.wrote,
      endsAt: new Date(2026, 11, 4, 0, 0).getTime(),
      byId: anna.id,
      byName: 'Anna',
      chatId: CHAT,
      status: 'active',
    });
    expect(parseStoredException(row?.exception ?? '')).toEqual(exception);
    expect(parseStoredSlot(row?.before ?? '')).toEqual(slotOf(before, 4));
    expect(parseStoredSlot(row?.wrote ?? '')).toEqual({ allowed: true, limit: 10_800, hours: before.hours[3] });
    expect(store.exceptions.due(new Date(2026, 11, 4, 0, 0).getTime() - 1)).toEqual([]);
    expect(store.exceptions.due(new Date(2026, 11, 4, 0, 0).getTime()).map((due) => due.machineId)).toEqual(['laptop', 'desktop']);
  });

  test('tonight: the hours of its date’s weekday before and after are recorded; the bot expects them', async () => {
    const { deps, client, store } = setUp();
    const h8to20 = hours([480, 1200]);
    client.set('desktop', 'leo', { ...defaultSettings(), hours: Array.from({ length: 7 }, () => h8to20) });
    const outcome = await changeChildRules(deps, anna, { updateId: 8 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute: 1350 }) });
    expect(kinds(outcome)).toEqual([['desktop', 'changed']]);
    expect(client.writes.map((write) => write.patch.hours?.map((day) => day.day))).toEqual([[4]]);
    const [row] = store.exceptions.active('leo');
    expect(row?.weekday).toBe(4);
    expect(parseStoredSlot(row?.before ?? '')).toEqual({ allowed: true, limit: 86_400, hours: h8to20 });
    expect(parseStoredSlot(row?.wrote ?? '')).toEqual({ allowed: true, limit: 86_400, hours: hours([480, 1350]) });
    expect(expectedOf(store, 'leo', 'desktop')).toEqual(client.settingsOf('desktop', 'leo'));
  });

  test('an exception after a profile switch is "changed" against the profile while it lasts', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'day-limit', date: THURSDAY, seconds: 10_800 }) });
    expect(standingOf(await rulesOn(client, 'desktop', 'leo'), expectedOf(store, 'leo', 'desktop'), school)).toEqual({
      ok: true,
      value: { unexplained: [], changed: [{ kind: 'day', day: 4, actual: 10_800, profile: 7200 }] },
    });
  });

  test('an exception that changes nothing, or is refused, records none', async () => {
    const { deps, client, store } = setUp();
    // Leo's desktop allows every hour: "tonight until 22:30" is already so.
    const already = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute: 1350 }) });
    expect(kinds(already)).toEqual([['desktop', 'already']]);
    client.set('desktop', 'mia', { ...defaultSettings(), allowedDays: [1, 2, 3, 5], dayLimits: [3600, 3600, 3600, 3600] });
    const refused = await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'mia', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute: 1350 }) });
    expect(results(refused)[0]).toMatchObject({ kind: 'refused', problem: { kind: 'today-not-allowed' } });
    expect(client.writes).toEqual([]);
    expect(store.exceptions.active()).toEqual([]);
  });

  test('kept for a computer that is off, it is worth making only on its date (untilDay)', async () => {
    const { deps, client, store } = setUp(WEDNESDAY_10);
    client.failMachine('desktop', { kind: 'unreachable', reason: 'no route to host' });
    const outcome = await changeChildRules(
      deps,
      anna,
      { updateId: 9 },
      { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'day-off', date: THURSDAY }) },
      CHAT,
      { keepUnreached: true },
    );
    const [result] = results(outcome);
    const kept = result?.kind === 'failed' ? result.kept : undefined;
    expect(kept).toMatchObject({ kind: 'rules', childId: 'leo', machineId: 'desktop', untilDay: THURSDAY, updateId: 9, day: '2026-12-02' });
    expect(store.kept.get(kept?.id ?? -1)?.untilDay).toBe(THURSDAY);
    expect(store.exceptions.active()).toEqual([]);
    expect(store.profiles.expected('leo', 'desktop')).toBeUndefined();

    // Any other rules change kept has no last day.
    const limit = await changeChildRules(deps, anna, { updateId: 10 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(6, 3600) }, CHAT, { keepUnreached: true });
    const [other] = results(limit);
    expect(other?.kind === 'failed' && other.kept !== undefined ? store.kept.get(other.kept.id)?.untilDay : 'not kept').toBeUndefined();
  });
});

describe('Undo', () => {
  test('of a profile switch takes the choice back and restores what it wrote', async () => {
    const { deps, client, store, clock } = setUp();
    const before = client.settingsOf('desktop', 'mia');
    store.profiles.choose({ at: clock.now - 1000, childId: 'mia', profileId: 'holidays', updateId: 10, byId: ben.id, byName: 'Ben' });
    store.profiles.choose({ at: clock.now, childId: 'mia', profileId: 'school', updateId: 20, byId: anna.id, byName: 'Anna' });
    await changeChildRules(deps, anna, { updateId: 20 }, { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: school }, CHAT);
    const undo = await undoRulesChange(deps, ben, { updateId: 21 }, 20, CHAT);
    expect(undo.kind === 'undone' ? undo.children.map((child) => [child.childId, child.results.map((result) => [result.machineId, result.kind])]) : undo).toEqual([
      ['mia', [['desktop', 'changed'], ['laptop', 'changed']]],
    ]);
    expect(store.profiles.current('mia')?.profileId).toBe('holidays');
    expect(client.settingsOf('desktop', 'mia')).toEqual(before);
    expect(client.settingsOf('laptop', 'mia2')).toEqual(before);
    // What the bot expected before the switch (nothing: it had never written there) is what it expects again: the
    // values put back are not its own.
    expect(expectedOf(store, 'mia', 'desktop')).toBeUndefined();
  });

  test('of a profile switch that wrote nothing still takes the choice back, and names the child', async () => {
    const { deps, client, store, clock } = setUp();
    client.set('desktop', 'leo', settingsAfter(defaultSettings(), school));
    store.profiles.choose({ at: clock.now, childId: 'leo', profileId: 'school', updateId: 30, byId: anna.id, byName: 'Anna' });
    const outcome = await changeChildRules(deps, anna, { updateId: 30 }, { childId: 'leo', machineIds: ['desktop'], edit: school });
    expect(kinds(outcome)).toEqual([['desktop', 'already']]);
    const undo = await undoRulesChange(deps, ben, { updateId: 31 }, 30);
    expect(undo).toEqual({ kind: 'undone', children: [{ childId: 'leo', results: [] }], cancelled: [], again: false });
    expect(store.profiles.current('leo')).toBeUndefined();
    expect(client.writes).toEqual([]);
    expect(await undoRulesChange(deps, ben, { updateId: 32 }, 30)).toEqual({ kind: 'nothing' });
  });

  test('of a switch for several children takes back each one’s choice and rules', async () => {
    const { deps, client, store, clock } = setUp();
    client.set('desktop', 'leo', settingsAfter(defaultSettings(), school));
    for (const childId of ['mia', 'leo']) store.profiles.choose({ at: clock.now, childId, profileId: 'school', updateId: 40, byId: anna.id, byName: 'Anna' });
    await changeRulesOfChildren(deps, anna, { updateId: 40 }, [
      { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: school },
      { childId: 'leo', machineIds: ['desktop'], edit: school },
    ]);
    const undo = await undoRulesChange(deps, ben, { updateId: 41 }, 40);
    expect(undo.kind === 'undone' ? undo.children.map((child) => [child.childId, child.results.length]) : undo).toEqual([
      ['mia', 2],
      ['leo', 0],
    ]);
    expect([store.profiles.current('mia'), store.profiles.current('leo')]).toEqual([undefined, undefined]);
    expect(client.settingsOf('desktop', 'mia')).toEqual(defaultSettings());
  });

  test('of an exception marks it undone (it is not restored again) and restores the day', async () => {
    const { deps, client, store, file } = setUp();
    const before = client.settingsOf('desktop', 'leo');
    await changeChildRules(deps, anna, { updateId: 50 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'day-off', date: THURSDAY }) }, CHAT);
    expect(client.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    expect(exceptionStatuses(file)).toEqual(['active']);
    const undo = await undoRulesChange(deps, ben, { updateId: 51 }, 50, CHAT);
    expect(undo.kind === 'undone' ? undo.children.map((child) => [child.childId, child.results.map((result) => result.kind)]) : undo).toEqual([['leo', ['changed']]]);
    expect(exceptionStatuses(file)).toEqual(['undone']);
    expect(store.exceptions.active()).toEqual([]);
    expect(store.exceptions.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(client.settingsOf('desktop', 'leo')).toEqual(before);
  });

  test('of another update leaves an exception active', async () => {
    const { deps, file } = setUp();
    await changeChildRules(deps, anna, { updateId: 60 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'day-off', date: THURSDAY }) });
    await changeChildRules(deps, anna, { updateId: 61 }, { childId: 'leo', machineIds: ['desktop'], edit: limitOf(1, 3600) });
    expect((await undoRulesChange(deps, ben, { updateId: 62 }, 61)).kind).toBe('undone');
    expect(exceptionStatuses(file)).toEqual(['active']);
  });

  // An exception asked the day before (`/tomorrow leo off` on Wednesday) cannot be undone on its day (the ledger rows
  // are from an earlier day: "nothing"); it must still end by itself at midnight, or Thursday stays off every week.
  test('of an exception asked an earlier day is "nothing" and leaves it to end by itself', async () => {
    const { deps, client, store, clock } = setUp(WEDNESDAY_10);
    await changeChildRules(deps, anna, { updateId: 70 }, { childId: 'leo', machineIds: ['desktop'], edit: exceptionEdit({ kind: 'day-off', date: THURSDAY }) }, CHAT);
    clock.now = THURSDAY_10;
    expect(await undoRulesChange(deps, ben, { updateId: 71 }, 70, CHAT)).toEqual({ kind: 'nothing' });
    expect(client.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    expect(store.exceptions.active('leo').map((row) => row.updateId)).toEqual([70]);
  });
});
