import { afterAll } from 'vitest';

/**
 * Runs this test file in time zone `zone` (Node honours a change of TZ at run time) and puts the old one back after
 * it: other files may run in the same process afterwards. Call it at the top of the file, before any date is made.
 */
export function inTimeZone(zone: string): void {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}
