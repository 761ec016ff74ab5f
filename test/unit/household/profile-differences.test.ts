import { stringify } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../../src/config/types.ts';
import type { Notice } from '../../../src/household/chats.ts';
import { profileEdit } from '../../../src/household/profile-rules.ts';
import { reportNewDifferences, switchProfile, watchDifferences, type DifferencesDependencies } from '../../../src/household/profiles.ts';
import { changeChildRules } from '../../../src/household/rules.ts';
import { wantedSettings } from '../../../src/household/rules-edit.ts';
import { localTimeOf } from '../../../src/lib/local-days.ts';
import type { RuleSettings } from '../../../src/timekpr/rules.ts';
import { configFromYaml, familyFile, silentLogger, tempStore } from '../../support/bot-config.ts';
import { defaultSettings, FakeRulesClient } from '../../support/fake-rules-client.ts';
import { recordingChats } from '../../support/recording-chats.ts';

// Where a computer differs from its child's profile, reported to the chats once per new difference: through the
// household core, the fake computers' rules, a real temporary database and a clock of the test's own.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const anna = { id: 1001, name: 'Anna' };
const CHAT = -100;
const THURSDAY_10 = localTimeOf('2026-12-03', 600);
const OFF = { kind: 'unreachable', reason: 'no route to host' } as const;

/** Mia starts on School (weekdays 2h, weekend 3h); Holidays is for both; Leo follows none. */
function profilesConfig(): Config {
  const file = familyFile();
  const mia = { ...file.children['mia'], profile: 'school' };
  return configFromYaml(`${stringify({ ...file, children: { ...file.children, mia } })}profiles:
  school:
    name: School
    weekdays: 2h
    weekend: 3h
  holidays:
    name: Holidays
    limit: 4h
`);
}

function setUp() {
  const config = profilesConfig();
  const { store, remove } = tempStore();
  cleanups.push(remove);
  const client = new FakeRulesClient();
  client.weekday = 4;
  const chats = recordingChats();
  const clock = { now: THURSDAY_10 };
  const deps: DifferencesDependencies = { client, config, store, logger: silentLogger(), now: () => clock.now, chats };
  return { config, store, client, chats, clock, deps };
}

function onProfile(config: Config, profileId: string, settings: RuleSettings = defaultSettings()): RuleSettings {
  const profile = config.profiles.byId.get(profileId);
  if (profile === undefined) throw new Error(`no profile ${profileId}`);
  const wanted = wantedSettings({ login: 'x', weekday: 4, settings, playTimeLeftToday: 0, playTimeSpentToday: 0 }, profileEdit(profile));
  if (!wanted.ok) throw new Error('profile does not fit');
  return wanted.value;
}

/** `settings` with one day's limit changed. */
function withLimit(settings: RuleSettings, day: number, seconds: number): RuleSettings {
  return { ...settings, dayLimits: settings.dayLimits.map((limit, index) => (settings.allowedDays[index] === day ? seconds : limit)) };
}

type DifferencesNotice = Extract<Notice, { kind: 'profile-differences' }>;
const notices = (told: readonly Notice[]): DifferencesNotice[] => told.filter((notice): notice is DifferencesNotice => notice.kind === 'profile-differences');
const where = (told: readonly Notice[]) => notices(told).map((notice) => `${notice.childId}/${notice.machineId}`);

describe('reportNewDifferences', () => {
  test('each computer that differs is told once, with all its differences; nothing new, nothing told', async () => {
    const { config, client, chats, deps } = setUp();
    const school = onProfile(config, 'school');
    client.set('desktop', 'mia', withLimit(school, 6, 14_400));
    client.set('laptop', 'mia2', school);
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(notices(chats.told)).toEqual([
      { kind: 'profile-differences', childId: 'mia', machineId: 'desktop', profileId: 'school', differences: [{ kind: 'day', day: 6, actual: 14_400, profile: 10_800 }], waiting: false },
    ]);
    expect((await reportNewDifferences(deps)).reported).toBe(0);
    expect(chats.told).toHaveLength(1);
  });

  test('a new difference on a computer told before: told again, with the old one too', async () => {
    const { config, client, chats, deps } = setUp();
    const school = onProfile(config, 'school');
    client.set('desktop', 'mia', withLimit(school, 6, 14_400));
    client.set('laptop', 'mia2', school);
    await reportNewDifferences(deps);
    client.set('desktop', 'mia', { ...withLimit(school, 6, 14_400), lockout: { type: 'lock' } }); // no difference: School sets no lockout
    expect((await reportNewDifferences(deps)).reported).toBe(0);
    client.set('desktop', 'mia', withLimit(withLimit(school, 6, 14_400), 7, 18_000));
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(notices(chats.told).at(-1)?.differences).toEqual([
      { kind: 'day', day: 6, actual: 14_400, profile: 10_800 },
      { kind: 'day', day: 7, actual: 18_000, profile: 10_800 },
    ]);
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/desktop']);
  });

  test('a difference that went away and came back is told again', async () => {
    const { config, client, chats, deps, clock } = setUp();
    const school = onProfile(config, 'school');
    client.set('laptop', 'mia2', school);
    client.set('desktop', 'mia', withLimit(school, 6, 14_400));
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    client.set('desktop', 'mia', school);
    clock.now += 86_400_000;
    expect((await reportNewDifferences(deps)).reported).toBe(0);
    client.set('desktop', 'mia', withLimit(school, 6, 14_400));
    clock.now += 86_400_000;
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/desktop']);
  });

  test('a computer the bot never wrote on: every difference is new', async () => {
    const { chats, deps } = setUp();
    expect((await reportNewDifferences(deps)).reported).toBe(2);
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/laptop']);
    // Default rules against School: each day's limit.
    expect(notices(chats.told)[0]?.differences.map((difference) => difference.kind)).toEqual(['day', 'day', 'day', 'day', 'day', 'day', 'day']);
  });

  test('a child who follows no profile is not even read', async () => {
    const { client, deps } = setUp();
    await reportNewDifferences(deps);
    expect(client.reads.map((read) => `${read.machineId}/${read.login}`).sort()).toEqual(['desktop/mia', 'laptop/mia2']);
  });

  test('never for differences made through the bot: a switch, then a /limit', async () => {
    const { client, chats, deps } = setUp();
    const switched = await switchProfile(deps, anna, { updateId: 1 }, 'holidays', undefined, CHAT);
    expect(switched.ok).toBe(true);
    await changeChildRules(deps, anna, { updateId: 2 }, { childId: 'leo', machineIds: ['desktop'], edit: { kind: 'limit', limits: [{ days: { kind: 'days', days: [6] }, seconds: 21_600 }] } }, CHAT);
    await changeChildRules(deps, anna, { updateId: 3 }, { childId: 'mia', machineIds: ['laptop'], edit: { kind: 'lockout', lockout: { type: 'lock' } } }, CHAT);
    expect(client.settingsOf('desktop', 'leo').dayLimits[5]).toBe(21_600);
    expect((await reportNewDifferences(deps)).reported).toBe(0);
    expect(chats.told).toEqual([]);
    // A change by hand afterwards is told.
    client.set('desktop', 'leo', withLimit(client.settingsOf('desktop', 'leo'), 1, 600));
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(notices(chats.told)).toEqual([
      { kind: 'profile-differences', childId: 'leo', machineId: 'desktop', profileId: 'holidays', differences: [{ kind: 'day', day: 1, actual: 600, profile: 14_400 }], waiting: false },
    ]);
  });

  test('computers that cannot be read are skipped, and told once they can', async () => {
    const { client, chats, deps } = setUp();
    client.failMachine('laptop', OFF);
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(where(chats.told)).toEqual(['mia/desktop']);
    client.failMachine('laptop', undefined);
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/laptop']);
  });

  test('a computer with a rules change still waiting for it is told as waiting', async () => {
    const { config, client, chats, store, deps } = setUp();
    client.failMachine('laptop', OFF);
    const switched = await switchProfile(deps, anna, { updateId: 1 }, 'school', ['mia'], CHAT);
    const laptop = switched.ok && switched.value.outcome.kind === 'done' ? switched.value.outcome.children[0]?.results.find((result) => result.machineId === 'laptop') : undefined;
    expect(laptop?.kind === 'failed' ? laptop.kept?.machineId : undefined).toBe('laptop');
    expect(store.kept.waiting('laptop')).toHaveLength(1);
    // The laptop answers a read, but the switch has not been made there yet.
    client.failMachine('laptop', undefined);
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(notices(chats.told)).toMatchObject([{ childId: 'mia', machineId: 'laptop', profileId: 'school', waiting: true }]);
    expect(client.settingsOf('desktop', 'mia')).toEqual(onProfile(config, 'school'));
  });
});

describe('watchDifferences', () => {
  test('compares every computer at start, then each at its first answer of a day, once', async () => {
    const { client, chats, deps, clock } = setUp();
    const watch = watchDifferences(deps);
    await watch.compareAll();
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/laptop']);
    const reads = client.reads.length;
    // Later that day: answers read nothing more.
    clock.now += 3_600_000;
    watch.onAnswer('desktop');
    await watch.compareAll();
    expect(client.reads).toHaveLength(reads);
    // The next day: the first answer compares that computer (nothing new to tell), the other waits for its own.
    clock.now = localTimeOf('2026-12-04', 1);
    watch.onAnswer('desktop');
    await watch.stop();
    expect(client.reads.slice(reads).map((read) => read.machineId)).toEqual(['desktop']);
    expect(chats.told).toHaveLength(2);
  });

  test('a computer that could not be read is compared at its next answer; its ended exceptions go first', async () => {
    const { client, chats, deps } = setUp();
    client.failMachine('laptop', OFF);
    const order: string[] = [];
    const watch = watchDifferences(deps, (machineId) => {
      order.push(`before ${machineId}`);
      return Promise.resolve();
    });
    await watch.compareAll();
    expect(where(chats.told)).toEqual(['mia/desktop']);
    client.failMachine('laptop', undefined);
    watch.onAnswer('laptop');
    await watch.stop();
    expect(where(chats.told)).toEqual(['mia/desktop', 'mia/laptop']);
    expect(order).toEqual(['before desktop', 'before laptop', 'before laptop']);
  });
});
