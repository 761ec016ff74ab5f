import { describe, expect, test } from 'vitest';
import { decideAlert, type Decision, type Observation } from '../../../src/alerts/thresholds.ts';
import { localDay } from '../../../src/lib/local-days.ts';
import type { AlertState } from '../../../src/storage/alert-state.ts';

const DAY = '2026-03-05';
const THRESHOLDS = [15, 5];

function seen(secondsLeft: number, fields: Partial<Observation> = {}): Observation {
  return { day: DAY, loggedIn: true, secondsLeft, ...fields };
}

/** Runs polls one after another, each starting from the state the one before kept; returns every decision. */
function run(observations: readonly Observation[], thresholds: readonly number[] = THRESHOLDS, start?: AlertState): Decision[] {
  let state = start;
  return observations.map((observation) => {
    const decision = decideAlert(state, observation, thresholds);
    state = decision.state;
    return decision;
  });
}

const alertsOf = (decisions: readonly Decision[]) => decisions.map((decision) => decision.alert);

describe('decideAlert', () => {
  test('a first observation above every threshold alerts nothing and keeps a fresh state', () => {
    expect(decideAlert(undefined, seen(3600), THRESHOLDS)).toEqual({ state: { day: DAY, sent: [], timeUpSent: false }, alert: undefined });
  });

  test('crossing 15 minutes gives one low alert for 15', () => {
    const [, crossing] = run([seen(3600), seen(14 * 60)]);
    expect(crossing?.alert).toEqual({ kind: 'low', thresholdMinutes: 15 });
    expect(crossing?.state).toEqual({ day: DAY, sent: [15], timeUpSent: false });
  });

  test('crossing 15 and 5 at once gives one alert, for 5, and marks both as sent', () => {
    const decisions = run([seen(3600), seen(4 * 60)]);
    expect(alertsOf(decisions)).toEqual([undefined, { kind: 'low', thresholdMinutes: 5 }]);
    expect([...(decisions[1]?.state.sent ?? [])].sort((a, b) => a - b)).toEqual([5, 15]);
    // Neither fires later on.
    expect(alertsOf(run([seen(3 * 60), seen(60)], THRESHOLDS, decisions[1]?.state))).toEqual([undefined, undefined]);
  });

  test('the same threshold does not alert again on later polls', () => {
    const decisions = run([seen(16 * 60), seen(14 * 60), seen(13 * 60), seen(12 * 60), seen(6 * 60)]);
    expect(alertsOf(decisions)).toEqual([undefined, { kind: 'low', thresholdMinutes: 15 }, undefined, undefined, undefined]);
  });

  test('each threshold alerts once when crossed one after the other', () => {
    const decisions = run([seen(20 * 60), seen(14 * 60), seen(10 * 60), seen(4 * 60), seen(3 * 60)]);
    expect(alertsOf(decisions)).toEqual([undefined, { kind: 'low', thresholdMinutes: 15 }, undefined, { kind: 'low', thresholdMinutes: 5 }, undefined]);
  });

  test('time added above a threshold re-arms it: the next crossing alerts again', () => {
    const decisions = run([seen(14 * 60), seen(30 * 60), seen(29 * 60), seen(14 * 60)]);
    expect(alertsOf(decisions)).toEqual([{ kind: 'low', thresholdMinutes: 15 }, undefined, undefined, { kind: 'low', thresholdMinutes: 15 }]);
    expect(decisions[1]?.state.sent).toEqual([]);
  });

  test('time added above only the lower threshold re-arms only that one', () => {
    const decisions = run([seen(4 * 60), seen(10 * 60), seen(12 * 60), seen(4 * 60)]);
    expect(decisions[1]?.state.sent).toEqual([15]);
    expect(alertsOf(decisions)).toEqual([{ kind: 'low', thresholdMinutes: 5 }, undefined, undefined, { kind: 'low', thresholdMinutes: 5 }]);
  });

  test('a child not logged in gets no alert, and the thresholds are not used up', () => {
    const decisions = run([seen(3600), seen(4 * 60, { loggedIn: false }), seen(4 * 60)]);
    expect(alertsOf(decisions)).toEqual([undefined, undefined, { kind: 'low', thresholdMinutes: 5 }]);
    expect(decisions[1]?.state.sent).toEqual([]);
  });

  test('re-arming happens while not logged in too', () => {
    const decisions = run([seen(4 * 60), seen(60 * 60, { loggedIn: false }), seen(4 * 60)]);
    expect(decisions[1]?.state).toEqual({ day: DAY, sent: [], timeUpSent: false });
    expect(alertsOf(decisions)).toEqual([{ kind: 'low', thresholdMinutes: 5 }, undefined, { kind: 'low', thresholdMinutes: 5 }]);
  });

  test('at zero, one "up" alert that is not repeated', () => {
    const decisions = run([seen(3 * 60), seen(0), seen(0), seen(-5)]);
    expect(alertsOf(decisions)).toEqual([{ kind: 'low', thresholdMinutes: 5 }, { kind: 'up' }, undefined, undefined]);
    expect(decisions[1]?.state.timeUpSent).toBe(true);
  });

  test('reaching zero straight from above every threshold gives only the "up" alert, and no low alert afterwards', () => {
    const decisions = run([seen(3600), seen(0)]);
    expect(alertsOf(decisions)).toEqual([undefined, { kind: 'up' }]);
    expect([...(decisions[1]?.state.sent ?? [])].sort((a, b) => a - b)).toEqual([5, 15]);
  });

  test('time added after "up" re-arms it, and the thresholds still below stay sent', () => {
    const decisions = run([seen(0), seen(10 * 60), seen(4 * 60), seen(0)]);
    expect(decisions[1]?.state).toEqual({ day: DAY, sent: [15], timeUpSent: false });
    expect(alertsOf(decisions)).toEqual([{ kind: 'up' }, undefined, { kind: 'low', thresholdMinutes: 5 }, { kind: 'up' }]);
  });

  test('zero while not logged in gives no alert; logging in at zero then does', () => {
    expect(alertsOf(run([seen(0, { loggedIn: false }), seen(0)]))).toEqual([undefined, { kind: 'up' }]);
  });

  test('time up after a low alert today, even when the poll finds the child already logged out by Timekpr-nExT', () => {
    expect(alertsOf(run([seen(4 * 60), seen(0, { loggedIn: false }), seen(0, { loggedIn: false })]))).toEqual([
      { kind: 'low', thresholdMinutes: 5 },
      { kind: 'up' },
      undefined,
    ]);
  });

  test('a new day starts afresh: the same low time alerts again', () => {
    const yesterday = run([seen(4 * 60), seen(0)]);
    const today = decideAlert(yesterday[1]?.state, seen(4 * 60, { day: '2026-03-06' }), THRESHOLDS);
    expect(today.alert).toEqual({ kind: 'low', thresholdMinutes: 5 });
    expect(today.state.day).toBe('2026-03-06');
    expect(today.state.timeUpSent).toBe(false);
  });

  test('a new day with zero time left alerts "up" again', () => {
    const [, yesterday] = run([seen(3600), seen(0)]);
    expect(decideAlert(yesterday?.state, seen(0, { day: '2026-03-06' }), THRESHOLDS).alert).toEqual({ kind: 'up' });
  });

  test('no thresholds: alerts are off, "time is up" included', () => {
    expect(alertsOf(run([seen(60), seen(0), seen(0)], []))).toEqual([undefined, undefined, undefined]);
  });

  test('no thresholds: never a low alert', () => {
    const decisions = run([seen(3600), seen(14 * 60), seen(4 * 60), seen(60), seen(1)], []);
    expect(alertsOf(decisions)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(decisions.every((decision) => decision.state.sent.length === 0)).toBe(true);
  });

  test('exactly threshold × 60 seconds left counts as crossed; one second more does not', () => {
    expect(decideAlert(undefined, seen(15 * 60 + 1), THRESHOLDS).alert).toBeUndefined();
    expect(decideAlert(undefined, seen(15 * 60), THRESHOLDS).alert).toEqual({ kind: 'low', thresholdMinutes: 15 });
    expect(decideAlert({ day: DAY, sent: [15], timeUpSent: false }, seen(5 * 60), THRESHOLDS).alert).toEqual({ kind: 'low', thresholdMinutes: 5 });
  });

  test('exactly at a sent threshold keeps it sent (not re-armed)', () => {
    const decision = decideAlert({ day: DAY, sent: [15], timeUpSent: false }, seen(15 * 60), THRESHOLDS);
    expect(decision).toEqual({ state: { day: DAY, sent: [15], timeUpSent: false }, alert: undefined });
  });

  test('the previous state is not changed', () => {
    const previous: AlertState = { day: DAY, sent: [15], timeUpSent: false };
    decideAlert(previous, seen(60), THRESHOLDS);
    decideAlert(previous, seen(3600), THRESHOLDS);
    expect(previous).toEqual({ day: DAY, sent: [15], timeUpSent: false });
  });
});

describe('localDay (lib/local-days.ts)', () => {
  test('the local calendar day, zero-padded', () => {
    expect(localDay(new Date(2026, 2, 5, 12, 0).getTime())).toBe('2026-03-05');
    expect(localDay(new Date(2026, 11, 31, 23, 59, 59).getTime())).toBe('2026-12-31');
  });

  test('local midnight starts the next day', () => {
    expect(localDay(new Date(2026, 2, 5, 23, 59, 59, 999).getTime())).toBe('2026-03-05');
    expect(localDay(new Date(2026, 2, 6, 0, 0, 0, 0).getTime())).toBe('2026-03-06');
  });
});
