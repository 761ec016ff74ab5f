import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyOnce, type ApplyDependencies, type ChangeRequest } from '../../../src/household/apply.ts';
import { err, ok } from '../../../src/lib/result.ts';
import type { Store } from '../../../src/storage/store.ts';
import { silentLogger, tempStore } from '../../support/bot-config.ts';
import { ANNA, BEN, commandTimeout, config, FakeChangeClient, readBack, unreachable } from '../../support/fake-change-client.ts';


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

const outcomesOf = (updateId: number) => store.changesOfUpdate(updateId).map(({ childId, machineId, minutes, outcome }) => ({ childId, machineId, minutes, outcome }));

describe('applyOnce', () => {
  test('runs each request once, with the login of that machine, and records applied/capped/failed/unknown', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    client.answers.set('laptop/mia2', readBack(1200, true));
    client.answers.set('desktop/leo', err(unreachable));
    const requests: ChangeRequest[] = [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'mia', machineId: 'laptop', minutes: 30 },
      { childId: 'leo', machineId: 'desktop', minutes: -10 },
    ];
    const outcome = await applyOnce(deps, ANNA, { updateId: 100 }, requests);

    expect(client.changes).toEqual(
      expect.arrayContaining([
        { machineId: 'desktop', login: 'mia', operation: '+', seconds: 900 },
        { machineId: 'laptop', login: 'mia2', operation: '+', seconds: 1800 },
        { machineId: 'desktop', login: 'leo', operation: '-', seconds: 600 },
      ]),
    );
    expect(client.changes).toHaveLength(3);
    expect(outcome).toEqual({
      kind: 'applied',
      results: [
        { request: requests[0], result: readBack(3900) },
        { request: requests[1], result: readBack(1200, true) },
        { request: requests[2], result: err(unreachable) },
      ],
    });
    expect(outcomesOf(100)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, outcome: { kind: 'applied', secondsLeft: 3900 } },
      { childId: 'mia', machineId: 'laptop', minutes: 30, outcome: { kind: 'capped', secondsLeft: 1200 } },
      { childId: 'leo', machineId: 'desktop', minutes: -10, outcome: { kind: 'failed', failure: 'unreachable' } },
    ]);
    expect(store.changesOfUpdate(100).every((record) => record.parentId === ANNA.id && record.parentName === 'Anna')).toBe(true);
  });

  test('a failure after the command was sent is recorded as unknown', async () => {
    client.answers.set('desktop/mia', err(commandTimeout));
    await applyOnce(deps, ANNA, { updateId: 101 }, [{ childId: 'mia', machineId: 'desktop', minutes: 15 }]);
    expect(outcomesOf(101)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, outcome: { kind: 'unknown', failure: 'timeout' } },
    ]);
  });

  test('a connection lost before the command was sent is a failure; after it, unknown', async () => {
    client.answers.set('desktop/mia', err({ kind: 'connection-lost', commandSent: false }));
    client.answers.set('laptop/mia2', err({ kind: 'connection-lost', commandSent: true }));
    await applyOnce(deps, ANNA, { updateId: 102 }, [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'mia', machineId: 'laptop', minutes: 15 },
    ]);
    expect(outcomesOf(102).map((record) => record.outcome.kind)).toEqual(['failed', 'unknown']);
  });

  test('a change that was made but not read back is applied, with why the new time is unknown', async () => {
    client.answers.set('desktop/mia', ok({ kind: 'not-read-back', readFailure: { kind: 'busy' } }));
    await applyOnce(deps, ANNA, { updateId: 103 }, [{ childId: 'mia', machineId: 'desktop', minutes: 15 }]);
    expect(outcomesOf(103)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, outcome: { kind: 'not-read-back', failure: 'busy' } },
    ]);
  });

  test('a child with no account on that machine runs nothing and is recorded as failed', async () => {
    await applyOnce(deps, ANNA, { updateId: 104 }, [{ childId: 'leo', machineId: 'laptop', minutes: 15 }]);
    expect(client.changes).toEqual([]);
    expect(outcomesOf(104).map((record) => record.outcome.kind)).toEqual(['failed']);
  });

  test('the same update again runs nothing and returns what was recorded', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    client.answers.set('desktop/leo', err(unreachable));
    const requests: ChangeRequest[] = [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'leo', machineId: 'desktop', minutes: 15 },
    ];
    await applyOnce(deps, ANNA, { updateId: 200, callbackQueryId: 'cbq' }, requests);
    expect(client.changes).toHaveLength(2);

    const again = await applyOnce(deps, BEN, { updateId: 200, callbackQueryId: 'cbq' }, requests);
    expect(client.changes).toHaveLength(2);
    expect(again.kind).toBe('duplicate');
    if (again.kind !== 'duplicate') return;
    expect(again.recorded).toEqual(store.changesOfUpdate(200));
    expect(again.recorded.map((record) => [record.childId, record.outcome.kind, record.parentName])).toEqual([
      ['mia', 'applied', 'Anna'],
      ['leo', 'failed', 'Anna'],
    ]);
    expect(store.changesOfUpdate(200)).toHaveLength(2);
  });

  test('the same update delivered while the first run is still going: not run twice, reported as pending', async () => {
    let release = () => {};
    client.gate = new Promise((resolve) => (release = resolve));
    client.answers.set('desktop/mia', readBack(3900));
    const request: ChangeRequest = { childId: 'mia', machineId: 'desktop', minutes: 15 };
    const first = applyOnce(deps, ANNA, { updateId: 300 }, [request]);
    const second = await applyOnce(deps, ANNA, { updateId: 300 }, [request]);
    expect(second).toMatchObject({ kind: 'duplicate', recorded: [{ outcome: { kind: 'pending' } }] });
    release();
    expect((await first).kind).toBe('applied');
    expect(client.changes).toHaveLength(1);
    expect(outcomesOf(300).map((record) => record.outcome.kind)).toEqual(['applied']);
  });

  test('different updates each run', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    const request: ChangeRequest = { childId: 'mia', machineId: 'desktop', minutes: 15 };
    await applyOnce(deps, ANNA, { updateId: 1 }, [request]);
    await applyOnce(deps, ANNA, { updateId: 2 }, [request]);
    expect(client.changes).toHaveLength(2);
  });
});
