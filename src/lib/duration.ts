/**
 * Formats a number of seconds the way parents read it: `1h 05m`, `45m`, `0m`.
 * Seconds are rounded down to whole minutes; negative values count as zero.
 */
export function formatDuration(seconds: number): string {
  const totalMinutes = Math.floor(Math.max(0, seconds) / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m`;
}

/** Formats a timeout for a sentence: `5 s`, `1.5 s`. */
export function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}
