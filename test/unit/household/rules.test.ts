import { afterEach, describe, expect, test } from 'vitest';
import { changeChildRules, undoRulesChange, type RulesDependencies } from '../../../src/household/rules.ts';
import { hoursFromIntervals, intervalsFromHours, wantedSettings } from '../../../src/household/rules-edit.ts';
import { dayLimitOf } from '../../../src/timekpr/rules.ts';
import { familyConfig, silentLogger, tempStore } from '../../support/bot-config.ts';
import { defaultSettings, FakeRulesClient } from '../../support/fake-rules-client.ts';
import { FakeTimekprClient } from '../../support/offline-bot.ts';
import { recordingChats } from '../../support/recording-chats.ts';
import { reportInterruptedChanges } from '../../../src/household/interrupted.ts';

// House rules in the household core, without a bot: read first, write only what differs, record, undo once.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const anna = { id: 1001, name: 'Anna' };
const ben = { id: 1002, name: 'Ben' };

function setUp(now: () => number = Date.now) {
  const config = familyConfig();
  const { store, remove } = tempStore();
  cleanups.push(remove);
  const client = new FakeRulesClient();
  const deps: RulesDependencies = { client, config, store, logger: silentLogger(), now };
  return { config, store, client, deps };
}

const twoHours = { kind: 'limit', limits: [{ days: { kind: 'allowed' }, seconds: 7200 }] } as const;

describe('changeChildRules', () => {
  test('writes only the limits on each computer of the child, and records the values replaced', async () => {
    const { deps, client, store } = setUp();
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: twoHours }, -100);
    expect(outcome.kind).toBe('done');
    expect(client.writes).toEqual([
      { machineId: 'desktop', login: 'mia', patch: { dayLimits: [7200, 7200, 7200, 7200, 7200, 7200, 7200] } },
      { machineId: 'laptop', login: 'mia2', patch: { dayLimits: [7200, 7200, 7200, 7200, 7200, 7200, 7200] } },
    ]);
    const rows = store.rules.ofUpdate(1);
    expect(rows.map((row): unknown[] => [row.machineId, row.status, JSON.parse(row.before ?? '{}')])).toEqual([
      ['desktop', 'applied', { dayLimits: [86_400, 86_400, 86_400, 86_400, 86_400, 86_400, 86_400] }],
      ['laptop', 'applied', { dayLimits: [86_400, 86_400, 86_400, 86_400, 86_400, 86_400, 86_400] }],
    ]);
  });

  test('asking for what is already so writes nothing and records nothing', async () => {
    const { deps, client, store } = setUp();
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: twoHours });
    const again = await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: twoHours });
    expect(again.kind === 'done' ? again.results.map((result) => result.kind) : again.kind).toEqual(['already']);
    expect(client.writes).toHaveLength(1);
    expect(store.rules.ofUpdate(2)).toEqual([]);
  });

  test('a redelivered update is not applied twice', async () => {
    const { deps, client } = setUp();
    await changeChildRules(deps, anna, { updateId: 7 }, { childId: 'leo', machineIds: ['desktop'], edit: twoHours });
    const twice = await changeChildRules(deps, anna, { updateId: 7 }, { childId: 'leo', machineIds: ['desktop'], edit: { ...twoHours, limits: [{ days: { kind: 'allowed' }, seconds: 60 }] } });
    expect(twice.kind).toBe('duplicate');
    expect(client.writes).toHaveLength(1);
  });

  test('a limit for a day that is not allowed there is refused with the days, nothing written', async () => {
    const { deps, client } = setUp();
    client.set('desktop', 'leo', { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [3600, 3600, 3600, 3600, 3600] });
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, {
      childId: 'leo',
      machineIds: ['desktop'],
      edit: { kind: 'limit', limits: [{ days: { kind: 'days', days: [6] }, seconds: 14_400 }] },
    });
    expect(outcome.kind === 'done' ? outcome.results[0] : outcome).toMatchObject({ kind: 'refused', problem: { kind: 'days-not-allowed', days: [6] } });
    expect(client.writes).toEqual([]);
  });

  test('a computer that cannot be reached is a failure of its own; the other is changed', async () => {
    const { deps, client } = setUp();
    client.failMachine('laptop', { kind: 'unreachable', reason: 'no route to host' });
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'mia', machineIds: ['desktop', 'laptop'], edit: twoHours });
    expect(outcome.kind === 'done' ? outcome.results.map((result) => [result.machineId, result.kind]) : outcome).toEqual([
      ['desktop', 'changed'],
      ['laptop', 'failed'],
    ]);
  });

  test('a write stopped part way records what was written, and Undo restores only that', async () => {
    const { deps, client, store } = setUp();
    client.failWriteAt('desktop', 'dayLimits', { kind: 'rejected', message: 'invalid limits' });
    const outcome = await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: { kind: 'days', days: [1, 2, 3, 4, 5] } });
    expect(outcome.kind === 'done' ? outcome.results[0] : outcome).toMatchObject({ kind: 'partly', written: ['allowedDays'], failedField: 'dayLimits' });
    expect(JSON.parse(store.rules.ofUpdate(1)[0]?.patch ?? '{}')).toEqual({ allowedDays: [1, 2, 3, 4, 5] });
    expect(client.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 4, 5]);
    const undo = await undoRulesChange(deps, ben, { updateId: 2 }, 1);
    expect(undo.kind).toBe('undone');
    expect(client.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('undoRulesChange', () => {
  test('restores exactly the previous values, once; a second Undo and a redelivered one change nothing', async () => {
    const { deps, client, store } = setUp();
    const before = client.settingsOf('desktop', 'mia');
    await changeChildRules(deps, anna, { updateId: 10 }, {
      childId: 'mia',
      machineIds: ['desktop', 'laptop'],
      edit: { kind: 'hours', groups: [{ days: [6, 7], intervals: [{ fromMinute: 540, toMinute: 1320, free: false }] }] },
    });
    expect(client.settingsOf('desktop', 'mia').hours[5]).toHaveLength(13);
    const undo = await undoRulesChange(deps, ben, { updateId: 11, callbackQueryId: 'q1' }, 10);
    expect(undo.kind === 'undone' ? undo.children.flatMap((child) => child.results.map((result) => [result.machineId, result.kind])) : undo).toEqual([
      ['desktop', 'changed'],
      ['laptop', 'changed'],
    ]);
    expect(client.settingsOf('desktop', 'mia')).toEqual(before);
    expect(client.settingsOf('laptop', 'mia2')).toEqual(before);
    const writes = client.writes.length;
    expect(await undoRulesChange(deps, ben, { updateId: 11, callbackQueryId: 'q1' }, 10)).toEqual({ kind: 'duplicate' });
    expect(await undoRulesChange(deps, anna, { updateId: 12 }, 10)).toEqual({ kind: 'nothing' });
    expect(client.writes).toHaveLength(writes);
    expect(store.rules.ofUpdate(10).map((row) => row.undoneBy)).toEqual([11, 11]);
    expect(store.rules.ofUpdate(11).map((row) => row.undoOf)).toEqual(store.rules.ofUpdate(10).map((row) => row.id));
  });

  test('a change of an earlier day cannot be undone', async () => {
    let now = Date.now() - 2 * 86_400_000;
    const { deps, client } = setUp(() => now);
    await changeChildRules(deps, anna, { updateId: 1 }, { childId: 'leo', machineIds: ['desktop'], edit: twoHours });
    now = Date.now();
    expect(await undoRulesChange(deps, anna, { updateId: 2 }, 1)).toEqual({ kind: 'nothing' });
    expect(dayLimitOf(client.settingsOf('desktop', 'leo'), 1)).toBe(7200);
  });
});

describe('edits on a computer’s rules', () => {
  const rules = { login: 'mia', weekday: 3 as const, settings: defaultSettings(), playTimeLeftToday: 0, playTimeSpentToday: 0 };

  test('weekdays and weekend limits in one edit', () => {
    const wanted = wantedSettings(rules, {
      kind: 'limit',
      limits: [
        { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 5400 },
        { days: { kind: 'days', days: [6, 7] }, seconds: 10_800 },
      ],
    });
    expect(wanted.ok && wanted.value.dayLimits).toEqual([5400, 5400, 5400, 5400, 5400, 10_800, 10_800]);
  });

  test('today’s limit ∓30 min moves the computer’s own weekday, within 0..24 h', () => {
    const down = wantedSettings({ ...rules, settings: { ...rules.settings, dayLimits: [7200, 7200, 600, 7200, 7200, 7200, 7200] } }, { kind: 'limit-step', deltaSeconds: -1800 });
    expect(down.ok && down.value.dayLimits).toEqual([7200, 7200, 0, 7200, 7200, 7200, 7200]);
    const up = wantedSettings(rules, { kind: 'limit-step', deltaSeconds: 1800 });
    expect(up.ok && up.value.dayLimits[2]).toBe(86_400);
    const off = wantedSettings({ ...rules, weekday: 6, settings: { ...rules.settings, allowedDays: [1, 2, 3, 4, 5], dayLimits: [1, 2, 3, 4, 5] } }, { kind: 'limit-step', deltaSeconds: 1800 });
    expect(off).toEqual({ ok: false, error: { kind: 'today-not-allowed' } });
  });

  test('allowing a day again gives it the largest limit of the others, never 0', () => {
    const settings = { ...rules.settings, allowedDays: [1, 2, 3, 4, 5] as const, dayLimits: [3600, 3600, 3600, 3600, 5400] };
    const wanted = wantedSettings({ ...rules, settings: { ...settings, allowedDays: [...settings.allowedDays] } }, { kind: 'days', days: [1, 2, 3, 4, 5, 6] });
    expect(wanted.ok && [wanted.value.allowedDays, wanted.value.dayLimits]).toEqual([[1, 2, 3, 4, 5, 6], [3600, 3600, 3600, 3600, 5400, 5400]]);
  });

  test('intervals become the daemon’s hours and back', () => {
    const hours = hoursFromIntervals([
      { fromMinute: 420, toMinute: 480, free: false },
      { fromMinute: 900, toMinute: 1230, free: false },
      { fromMinute: 960, toMinute: 1020, free: true },
    ]);
    // 16–17 free inside 15–20:30: the free hour is cut out of the counted span.
    expect(hours).toEqual(hoursFromIntervals([
      { fromMinute: 420, toMinute: 480, free: false },
      { fromMinute: 900, toMinute: 960, free: false },
      { fromMinute: 960, toMinute: 1020, free: true },
      { fromMinute: 1020, toMinute: 1230, free: false },
    ]));
    const split = hoursFromIntervals([
      { fromMinute: 420, toMinute: 480, free: false },
      { fromMinute: 900, toMinute: 960, free: false },
      { fromMinute: 960, toMinute: 1020, free: true },
      { fromMinute: 1020, toMinute: 1230, free: false },
    ]);
    expect(split.ok && split.value.map((hour) => [hour.hour, hour.fromMinute, hour.toMinute, hour.accounted])).toEqual([
      [7, 0, 60, true],
      [15, 0, 60, true],
      [16, 0, 60, false],
      [17, 0, 60, true],
      [18, 0, 60, true],
      [19, 0, 60, true],
      [20, 0, 30, true],
    ]);
    expect(split.ok && intervalsFromHours(split.value)).toEqual([
      { fromMinute: 420, toMinute: 480, free: false },
      { fromMinute: 900, toMinute: 960, free: false },
      { fromMinute: 960, toMinute: 1020, free: true },
      { fromMinute: 1020, toMinute: 1230, free: false },
    ]);
    expect(hoursFromIntervals([{ fromMinute: 420, toMinute: 440, free: false }, { fromMinute: 450, toMinute: 470, free: false }])).toEqual({
      ok: false,
      error: { kind: 'intervals-share-hour', hour: 7 },
    });
  });
});

describe('a rules change the bot was writing when it stopped', () => {
  test('is marked interrupted at the next start and told where it was asked', async () => {
    const { deps, store, config } = setUp();
    const id = store.rules.start(
      { at: Date.now(), updateId: 9, parentId: 1001, parentName: 'Anna', chatId: -100, childId: 'leo', machineId: 'desktop', edit: JSON.stringify(twoHours) },
      '{}',
      '{"dayLimits":[7200,7200,7200,7200,7200,7200,7200]}',
    );
    const chats = recordingChats();
    await reportInterruptedChanges({ client: new FakeTimekprClient(config), config, store, logger: deps.logger, chats });
    expect(chats.told).toEqual([{ kind: 'rules-interrupted', change: expect.objectContaining({ id, status: 'interrupted' }) as unknown }]);
    expect(store.rules.get(id)?.status).toBe('interrupted');
    await reportInterruptedChanges({ client: new FakeTimekprClient(config), config, store, logger: deps.logger, chats });
    expect(chats.told).toHaveLength(1);
  });
});
