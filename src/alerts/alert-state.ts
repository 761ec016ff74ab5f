/**
 * The alert state of one child on one machine, for one day: what the watcher remembers between polls and restarts.
 * Decided by thresholds.ts, kept by the store. This file imports nothing, so the store can use it without depending
 * on the rest of alerts/.
 */
export interface AlertState {
  readonly day: string;
  /** Thresholds (minutes) already alerted and not re-armed since. */
  readonly sent: readonly number[];
  readonly timeUpSent: boolean;
}
