import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyOnce, type ApplyDependencies, type ChangeRequest } from '../../../../src/household/apply.ts';
import { formatRecordedChange, outcomeLines } from '../../../../src/bot/render/change.ts';
import { err } from '../../../../src/lib/result.ts';
import type { ChangeRecord, Store } from '../../../../src/storage/store.ts';
import { silentLogger, tempStore } from '../../../support/bot-config.ts';
import { ANNA, BEN, config, FakeChangeClient, readBack, unreachable } from '../../../support/fake-change-client.ts';
import { english } from '../../../support/words.ts';


let store: Store;
let removeStore: () => void;
let client: FakeChangeClient;
let deps: ApplyDependencies;

beforeEach(() => {
  ({ store, remove: removeStore } = tempStore());
  client = new FakeChangeClient();
  deps = { client, config, store, logger: silentLogger() };
});

afterEach(() => removeStore());

describe('outcomeLines', () => {
  test('applied: one line per change, with who did it and the time read back', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    client.answers.set('desktop/leo', err(unreachable));
    const outcome = await applyOnce(deps, ANNA, { updateId: 400 }, [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'leo', machineId: 'desktop', minutes: -10 },
    ]);
    expect(outcomeLines(english, config, ANNA, outcome)).toEqual([
      '✅ +15 min for Mia on desktop by Anna: 1h 05m left',
      '❌ \u221210 min for Leo on desktop by Anna failed: not reachable (no route to host)',
    ]);
  });

  test('duplicate: the recorded changes, marked as not repeated, by whoever made them first', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    client.answers.set('desktop/leo', err(unreachable));
    const requests: ChangeRequest[] = [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'leo', machineId: 'desktop', minutes: -10 },
    ];
    await applyOnce(deps, ANNA, { updateId: 401 }, requests);
    const outcome = await applyOnce(deps, BEN, { updateId: 401 }, requests);
    expect(outcomeLines(english, config, BEN, outcome)).toEqual([
      '↩️ Already done, not repeated: +15 min for Mia on desktop by Anna: 1h 05m left then',
      '↩️ Already tried, not repeated: \u221210 min for Leo on desktop by Anna failed (not reachable)',
    ]);
  });
});

describe('formatRecordedChange', () => {
  const record = (fields: Partial<ChangeRecord>): ChangeRecord => ({
    id: 1,
    at: 0,
    parentId: 1001,
    parentName: 'Anna',
    childId: 'mia',
    machineId: 'laptop',
    minutes: 30,
    outcome: { kind: 'applied', secondsLeft: 5400 },
    ...fields,
  });
  const what = '+30 min for Mia on laptop by Anna';

  test('applied and capped: already done, with the time left then if known', () => {
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'applied', secondsLeft: 5400 } }))).toBe(`↩️ Already done, not repeated: ${what}: 1h 30m left then`);
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'capped', secondsLeft: 600 } }))).toBe(`↩️ Already done, not repeated: ${what}: 10m left then`);
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'not-read-back', failure: 'busy' } }))).toBe(`↩️ Already done, not repeated: ${what}`);
  });

  test('failed: already tried, with the reason in words made from the failure kind, or "error" for a kind not known', () => {
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'failed', failure: 'unreachable' } }))).toBe(`↩️ Already tried, not repeated: ${what} failed (not reachable)`);
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'failed', failure: 'no-account' } }))).toBe(
      `↩️ Already tried, not repeated: ${what} failed (no such account in the config)`,
    );
    expect(formatRecordedChange(english, config, record({ outcome: { kind: 'failed', failure: '<gone>' } }))).toBe(`↩️ Already tried, not repeated: ${what} failed (error)`);
  });

  test('unknown, pending and interrupted: not repeated, outcome unknown', () => {
    for (const outcome of [{ kind: 'unknown', failure: 'timeout' }, { kind: 'pending' }, { kind: 'interrupted' }] as const) {
      const text = formatRecordedChange(english, config, record({ outcome }));
      expect(text, outcome.kind).toMatch(new RegExp(`^↩️ Not repeated: \\+30 min for Mia on laptop by Anna\\. Whether it was applied is unknown`));
      expect(text).toContain('The time is read again below.');
    }
  });

  test('names are escaped; a child no longer configured shows by id; negative minutes use a minus sign', () => {
    expect(formatRecordedChange(english, config, record({ parentName: 'A<n>a', childId: 'sam', minutes: -5, outcome: { kind: 'applied', secondsLeft: 0 } }))).toBe(
      '↩️ Already done, not repeated: \u22125 min for sam on laptop by A&lt;n&gt;a: 0m left then',
    );
  });
});
