import type { AlertState } from '../storage/alert-state.ts';

/** What one poll saw of a child on a machine. */
export interface Observation {
  readonly day: string;
  readonly loggedIn: boolean;
  readonly secondsLeft: number;
}

export type Alert = { readonly kind: 'low'; readonly thresholdMinutes: number } | { readonly kind: 'up' };

export interface Decision {
  readonly state: AlertState;
  readonly alert: Alert | undefined;
}

/**
 * Decides whether a poll calls for an alert, and the state to keep. Pure.
 * - Each threshold alerts once per day; crossing several at once gives one alert, for the lowest.
 * - A threshold re-arms when time left goes back above it (time was added).
 * - Only a logged-in child is alerted (re-arming happens either way).
 * - At zero, one "time is up" alert (also if the child was just logged out, after a low alert today), re-armed when
 *   time is added again.
 * - A new day starts afresh.
 */
export function decideAlert(previous: AlertState | undefined, seen: Observation, thresholdsMinutes: readonly number[]): Decision {
  const fresh: AlertState = { day: seen.day, sent: [], timeUpSent: false };
  const start = previous === undefined || previous.day !== seen.day ? fresh : previous;
  const stillSent = start.sent.filter((minutes) => seen.secondsLeft <= minutes * 60);
  const state: AlertState = { day: seen.day, sent: stillSent, timeUpSent: start.timeUpSent && seen.secondsLeft <= 0 };
  // No thresholds: alerts are off, "time is up" included.
  if (thresholdsMinutes.length === 0) return { state, alert: undefined };

  if (seen.secondsLeft <= 0) {
    // Timekpr-nExT logs the child out within seconds of zero, so a poll may well miss them logged in: a child who
    // was alerted today (so was logged in, running low) gets "time is up" either way.
    if (state.timeUpSent || (!seen.loggedIn && state.sent.length === 0)) return { state, alert: undefined };
    return { state: { ...state, sent: [...thresholdsMinutes], timeUpSent: true }, alert: { kind: 'up' } };
  }
  if (!seen.loggedIn) return { state, alert: undefined };
  const crossed = thresholdsMinutes.filter((minutes) => seen.secondsLeft <= minutes * 60 && !state.sent.includes(minutes));
  if (crossed.length === 0) return { state, alert: undefined };
  return {
    state: { ...state, sent: [...state.sent, ...crossed].sort((a, b) => b - a) },
    alert: { kind: 'low', thresholdMinutes: Math.min(...crossed) },
  };
}
