/**
 * The alert state of one child on one machine, for one day: what the watcher remembers between polls and restarts.
 * Kept by the store, decided by alerts/thresholds.ts.
 */
export interface AlertState {
  readonly day: string;
  /** Thresholds (minutes) already alerted and not re-armed since. */
  readonly sent: readonly number[];
  readonly timeUpSent: boolean;
}
