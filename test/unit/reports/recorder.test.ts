import { afterEach, describe, expect, test } from 'vitest';
import { usageRecorder } from '../../../src/reports/recorder.ts';
import { observeAnswers } from '../../../src/timekpr/observed.ts';
import type { TimekprClient } from '../../../src/timekpr/client.ts';
import { familyConfig, tempStore } from '../../support/bot-config.ts';
import { FakeTimekprClient } from '../../support/offline-bot.ts';
import { inTimeZone } from '../../support/time-zone.ts';

// Days are local: Berlin time (CET, UTC+1, in December; the autumn change back from CEST is on 25 October 2026).
// Put back for the files after this one.
inTimeZone('Europe/Berlin');

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

const at = (iso: string): number => Date.parse(iso);

/** The test family's fake computers wrapped by the recorder, over a real store, with a clock the test sets. */
function setup(start: string) {
  const config = familyConfig();
  const { store, remove } = tempStore();
  removes.push(remove);
  const fake = new FakeTimekprClient(config);
  const clock = { now: at(start) };
  const client: TimekprClient = observeAnswers(fake, [usageRecorder(config, store.usage, () => clock.now)]);
  const rows = (from = '2026-01-01', to = '2026-12-31') => store.usage.days(from, to);
  /** Sets what an account has used today (and this week), as the daemon would tell. */
  const spent = (machineId: string, login: string, secondsSpentToday: number, fields: { todayLimitSeconds?: number; secondsSpentWeek?: number } = {}) =>
    fake.setSecondsLeft(machineId, login, 3600, { secondsSpentToday, ...fields });
  return { fake, client, clock, store, rows, spent };
}

describe('usageRecorder', () => {
  test('an answer records each child\'s time today on that computer (logins mapped through the config)', async () => {
    // Wednesday 2 December 2026, 15:00 CET.
    const { fake, client, rows, spent } = setup('2026-12-02T14:00:00Z');
    spent('desktop', 'mia', 1200, { todayLimitSeconds: 3600 });
    spent('desktop', 'leo', 300, { todayLimitSeconds: 7200 });
    spent('laptop', 'mia2', 900, { todayLimitSeconds: 5400 });
    const answer = await client.usersInfo('desktop', ['mia', 'leo']);
    // The answer itself passes through.
    expect(answer).toEqual(await fake.usersInfo('desktop', ['mia', 'leo']));
    await client.usersInfo('laptop', ['mia2']);
    const now = at('2026-12-02T14:00:00Z');
    expect(rows()).toEqual([
      { childId: 'leo', machineId: 'desktop', day: '2026-12-02', at: now, secondsSpent: 300, limitSeconds: 7200, complete: false, estimated: false },
      { childId: 'mia', machineId: 'desktop', day: '2026-12-02', at: now, secondsSpent: 1200, limitSeconds: 3600, complete: false, estimated: false },
      { childId: 'mia', machineId: 'laptop', day: '2026-12-02', at: now, secondsSpent: 900, limitSeconds: 5400, complete: false, estimated: false },
    ]);
  });

  test('a login that is no child\'s account on that computer, a failed read or an unreachable computer records nothing', async () => {
    const { fake, client, rows, spent } = setup('2026-12-02T14:00:00Z');
    // `leo` is Leo's login on the desktop, not on the laptop; `mia` is Mia's on the desktop, not on the laptop.
    spent('laptop', 'leo', 600);
    spent('laptop', 'mia', 600);
    await client.usersInfo('laptop', ['leo', 'mia']);
    fake.failRead('desktop', 'mia', { kind: 'unknown-user', login: 'mia' });
    spent('desktop', 'leo', 60);
    await client.usersInfo('desktop', ['mia', 'leo']);
    expect(rows().map((row) => [row.childId, row.machineId, row.secondsSpent])).toEqual([['leo', 'desktop', 60]]);
    fake.failMachine('laptop', { kind: 'unreachable', reason: 'connect ECONNREFUSED' });
    expect((await client.usersInfo('laptop', ['mia2'])).ok).toBe(false);
    expect(rows()).toHaveLength(1);
  });

  test('a later reading replaces the day\'s earlier one; an older one does not', async () => {
    const { client, clock, rows, spent } = setup('2026-12-02T14:00:00Z');
    spent('desktop', 'mia', 1200);
    await client.usersInfo('desktop', ['mia']);
    clock.now = at('2026-12-02T15:00:00Z');
    spent('desktop', 'mia', 1500);
    await client.usersInfo('desktop', ['mia']);
    expect(rows()).toMatchObject([{ day: '2026-12-02', at: at('2026-12-02T15:00:00Z'), secondsSpent: 1500 }]);
    // An answer stamped earlier (a clock set back) changes nothing.
    clock.now = at('2026-12-02T14:30:00Z');
    spent('desktop', 'mia', 1300);
    await client.usersInfo('desktop', ['mia']);
    expect(rows()).toMatchObject([{ at: at('2026-12-02T15:00:00Z'), secondsSpent: 1500 }]);
  });

  test('a reading in the first two minutes after midnight is not recorded (the daemon may still count yesterday)', async () => {
    const { client, clock, rows, spent } = setup('2026-12-02T22:40:00Z');
    spent('desktop', 'mia', 5000);
    await client.usersInfo('desktop', ['mia']);
    // 00:00 and 00:01:59 CET on Thursday 3 December: yesterday's 5000 s would be counted again today.
    for (const time of ['2026-12-02T23:00:00Z', '2026-12-02T23:01:59Z']) {
      clock.now = at(time);
      await client.usersInfo('desktop', ['mia']);
    }
    expect(rows()).toMatchObject([{ day: '2026-12-02', secondsSpent: 5000, at: at('2026-12-02T22:40:00Z') }]);
    clock.now = at('2026-12-02T23:02:00Z');
    spent('desktop', 'mia', 0);
    await client.usersInfo('desktop', ['mia']);
    expect(rows().map((row) => [row.day, row.secondsSpent])).toEqual([
      ['2026-12-02', 5000],
      ['2026-12-03', 0],
    ]);
  });

  test('a reading in the day\'s last ten minutes is its final figure', async () => {
    const { client, clock, rows, spent } = setup('2026-12-02T22:49:00Z');
    spent('desktop', 'mia', 5000);
    await client.usersInfo('desktop', ['mia']);
    expect(rows()).toMatchObject([{ complete: false }]);
    // 23:55 CET.
    clock.now = at('2026-12-02T22:55:00Z');
    spent('desktop', 'mia', 5100);
    await client.usersInfo('desktop', ['mia']);
    expect(rows()).toMatchObject([{ day: '2026-12-02', secondsSpent: 5100, complete: true }]);
  });

  test('on the 25-hour day of the autumn change, the day ends at 23:00 UTC', async () => {
    // 23:55 CET on Sunday 25 October (22:55 UTC: not the day's end in UTC).
    const { client, clock, rows, spent } = setup('2026-10-25T22:55:00Z');
    spent('desktop', 'leo', 7000);
    await client.usersInfo('desktop', ['leo']);
    // 00:05 CET on Monday 26 October.
    clock.now = at('2026-10-25T23:05:00Z');
    spent('desktop', 'leo', 60);
    await client.usersInfo('desktop', ['leo']);
    expect(rows().map((row) => [row.day, row.secondsSpent, row.complete])).toEqual([
      ['2026-10-25', 7000, true],
      ['2026-10-26', 60, false],
    ]);
  });

  test('a change\'s read-back is recorded; a change not read back or failed is not', async () => {
    const { fake, client, rows, spent } = setup('2026-12-02T14:00:00Z');
    spent('desktop', 'mia', 2000, { todayLimitSeconds: 3600 });
    const change = await client.changeTimeLeft('desktop', 'mia', '+', 900);
    expect(change).toMatchObject({ ok: true, value: { kind: 'read-back' } });
    expect(rows()).toMatchObject([{ childId: 'mia', machineId: 'desktop', secondsSpent: 2000, limitSeconds: 3600 }]);
    fake.failRead('desktop', 'leo', { kind: 'unknown-user', login: 'leo' });
    expect(await client.changeTimeLeft('desktop', 'leo', '+', 900)).toMatchObject({ ok: true, value: { kind: 'not-read-back' } });
    fake.failChange('laptop', 'mia2', { kind: 'timeout', phase: 'command', afterMs: 1000, commandSent: false });
    expect((await client.changeTimeLeft('laptop', 'mia2', '+', 900)).ok).toBe(false);
    expect(rows()).toHaveLength(1);
    expect(fake.changeCalls).toHaveLength(3);
  });

  describe('a missed day of this week, from the week\'s total', () => {
    /** Mia's desktop read at 23:55 CET on Monday 30 November and Wednesday 2 December (final); Tuesday missed. */
    async function weekWithTuesdayMissed(options: { wednesdayFinal?: boolean } = {}) {
      const made = setup('2026-11-30T22:55:00Z');
      made.spent('desktop', 'mia', 3600);
      made.spent('desktop', 'leo', 100);
      await made.client.usersInfo('desktop', ['mia', 'leo']);
      made.clock.now = at(options.wednesdayFinal === false ? '2026-12-02T20:00:00Z' : '2026-12-02T22:55:00Z');
      made.spent('desktop', 'mia', 1800);
      await made.client.usersInfo('desktop', ['mia']);
      // Thursday 3 December, noon.
      made.clock.now = at('2026-12-03T11:00:00Z');
      return made;
    }

    test('exactly one earlier day missing, the others final: it is filled in, estimated', async () => {
      const { client, rows, spent } = await weekWithTuesdayMissed();
      spent('desktop', 'mia', 600, { secondsSpentWeek: 3600 + 1200 + 1800 + 600 });
      await client.usersInfo('desktop', ['mia']);
      expect(rows('2026-12-01', '2026-12-01')).toEqual([
        { childId: 'mia', machineId: 'desktop', day: '2026-12-01', at: at('2026-12-03T11:00:00Z'), secondsSpent: 1200, limitSeconds: undefined, complete: true, estimated: true },
      ]);
      // Once: a later reading with another week total changes nothing.
      spent('desktop', 'mia', 900, { secondsSpentWeek: 99_999 });
      await client.usersInfo('desktop', ['mia']);
      expect(rows('2026-12-01', '2026-12-01')).toMatchObject([{ secondsSpent: 1200, estimated: true }]);
      expect(rows('2026-11-30', '2026-12-03').map((row) => [row.day, row.childId, row.secondsSpent, row.estimated])).toEqual([
        ['2026-11-30', 'leo', 100, false],
        ['2026-11-30', 'mia', 3600, false],
        ['2026-12-01', 'mia', 1200, true],
        ['2026-12-02', 'mia', 1800, false],
        ['2026-12-03', 'mia', 900, false],
      ]);
    });

    test('only from the same computer\'s days: Leo has two days missing, nothing is filled for him', async () => {
      const { client, rows, spent } = await weekWithTuesdayMissed();
      spent('desktop', 'leo', 50, { secondsSpentWeek: 1000 });
      await client.usersInfo('desktop', ['leo']);
      expect(rows('2026-12-01', '2026-12-02').filter((row) => row.childId === 'leo')).toEqual([]);
      // Mia's laptop has no earlier day at all: nothing either.
      spent('laptop', 'mia2', 50, { secondsSpentWeek: 1000 });
      await client.usersInfo('laptop', ['mia2']);
      expect(rows('2026-11-30', '2026-12-02').filter((row) => row.machineId === 'laptop')).toEqual([]);
    });

    test('an earlier day without its final figure: not exact, nothing filled', async () => {
      const { client, rows, spent } = await weekWithTuesdayMissed({ wednesdayFinal: false });
      spent('desktop', 'mia', 600, { secondsSpentWeek: 7200 });
      await client.usersInfo('desktop', ['mia']);
      expect(rows('2026-12-01', '2026-12-01')).toEqual([]);
    });

    test('no week total in the answer: nothing filled', async () => {
      const { client, rows, spent } = await weekWithTuesdayMissed();
      spent('desktop', 'mia', 600);
      await client.usersInfo('desktop', ['mia']);
      expect(rows('2026-12-01', '2026-12-01')).toEqual([]);
      expect(rows('2026-12-03', '2026-12-03')).toHaveLength(1);
    });
  });
});
