import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyOnce, outcomeLines, type ApplyDependencies, type ChangeRequest } from '../../../src/bot/apply.ts';
import { formatRecordedChange } from '../../../src/bot/format.ts';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { ChangeRecord, Store } from '../../../src/storage/store.ts';
import type { TimeOperation } from '../../../src/timekpr/commands.ts';
import type { MachineFailure, TimeChange, TimekprClient, UsersInfo } from '../../../src/timekpr/client.ts';
import { familyConfig, silentLogger, tempStore, userInfo } from '../../support/bot-config.ts';

/** A TimekprClient whose changes answer what `answers` holds for `machine/login`; records every change asked for. */
class FakeClient implements TimekprClient {
  readonly changes: { machineId: string; login: string; operation: TimeOperation; seconds: number }[] = [];
  readonly answers = new Map<string, Result<TimeChange, MachineFailure>>();
  /** When set, every change waits for it before answering. */
  gate: Promise<void> | undefined;

  knownUsers(): Promise<Result<string[], MachineFailure>> {
    return Promise.reject(new Error('not used by applyOnce'));
  }

  usersInfo(): Promise<Result<UsersInfo, MachineFailure>> {
    return Promise.reject(new Error('not used by applyOnce'));
  }

  async changeTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>> {
    this.changes.push({ machineId, login, operation, seconds });
    await this.gate;
    return this.answers.get(`${machineId}/${login}`) ?? err({ kind: 'ssh-error', message: `no answer scripted for ${machineId}/${login}` });
  }
}

const config = familyConfig();
const ANNA = { id: 1001, name: 'Anna' };
const BEN = { id: 1002, name: 'Ben' };

const readBack = (secondsLeft: number, capped = false): Result<TimeChange, MachineFailure> =>
  ok({ kind: 'read-back', info: userInfo('x', { secondsLeft, loggedIn: true }), capped });
const unreachable: MachineFailure = { kind: 'unreachable', reason: 'no route to host' };
const commandTimeout: MachineFailure = { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true };

let store: Store;
let removeStore: () => void;
let client: FakeClient;
let deps: ApplyDependencies;

beforeEach(() => {
  ({ store, remove: removeStore } = tempStore());
  client = new FakeClient();
  deps = { client, config, store, logger: silentLogger() };
});

afterEach(() => removeStore());

const statusesOf = (updateId: number) => store.changesOfUpdate(updateId).map(({ childId, machineId, minutes, status, detail, secondsLeft }) => ({ childId, machineId, minutes, status, detail, secondsLeft }));

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
    expect(statusesOf(100)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, status: 'applied', detail: undefined, secondsLeft: 3900 },
      { childId: 'mia', machineId: 'laptop', minutes: 30, status: 'capped', detail: undefined, secondsLeft: 1200 },
      { childId: 'leo', machineId: 'desktop', minutes: -10, status: 'failed', detail: 'not reachable (no route to host)', secondsLeft: undefined },
    ]);
    expect(store.changesOfUpdate(100).every((record) => record.parentId === ANNA.id && record.parentName === 'Anna')).toBe(true);
  });

  test('a failure after the command was sent is recorded as unknown', async () => {
    client.answers.set('desktop/mia', err(commandTimeout));
    await applyOnce(deps, ANNA, { updateId: 101 }, [{ childId: 'mia', machineId: 'desktop', minutes: 15 }]);
    expect(statusesOf(101)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, status: 'unknown', detail: 'no answer (the command timed out after 15 s)', secondsLeft: undefined },
    ]);
  });

  test('a connection lost before the command was sent is a failure; after it, unknown', async () => {
    client.answers.set('desktop/mia', err({ kind: 'connection-lost', commandSent: false }));
    client.answers.set('laptop/mia2', err({ kind: 'connection-lost', commandSent: true }));
    await applyOnce(deps, ANNA, { updateId: 102 }, [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'mia', machineId: 'laptop', minutes: 15 },
    ]);
    expect(statusesOf(102).map((record) => record.status)).toEqual(['failed', 'unknown']);
  });

  test('a change that was made but not read back is applied, with why the new time is unknown', async () => {
    client.answers.set('desktop/mia', ok({ kind: 'not-read-back', readFailure: { kind: 'busy' } }));
    await applyOnce(deps, ANNA, { updateId: 103 }, [{ childId: 'mia', machineId: 'desktop', minutes: 15 }]);
    expect(statusesOf(103)).toEqual([
      { childId: 'mia', machineId: 'desktop', minutes: 15, status: 'applied', detail: 'not read back: Timekpr-nExT was busy with another command', secondsLeft: undefined },
    ]);
  });

  test('a child with no account on that machine runs nothing and is recorded as failed', async () => {
    await applyOnce(deps, ANNA, { updateId: 104 }, [{ childId: 'leo', machineId: 'laptop', minutes: 15 }]);
    expect(client.changes).toEqual([]);
    expect(statusesOf(104).map((record) => record.status)).toEqual(['failed']);
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
    expect(again.recorded.map((record) => [record.childId, record.status, record.parentName])).toEqual([
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
    expect(second).toMatchObject({ kind: 'duplicate', recorded: [{ status: 'pending' }] });
    release();
    expect((await first).kind).toBe('applied');
    expect(client.changes).toHaveLength(1);
    expect(statusesOf(300).map((record) => record.status)).toEqual(['applied']);
  });

  test('different updates each run', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    const request: ChangeRequest = { childId: 'mia', machineId: 'desktop', minutes: 15 };
    await applyOnce(deps, ANNA, { updateId: 1 }, [request]);
    await applyOnce(deps, ANNA, { updateId: 2 }, [request]);
    expect(client.changes).toHaveLength(2);
  });
});

describe('outcomeLines', () => {
  test('applied: one line per change, with who did it and the time read back', async () => {
    client.answers.set('desktop/mia', readBack(3900));
    client.answers.set('desktop/leo', err(unreachable));
    const outcome = await applyOnce(deps, ANNA, { updateId: 400 }, [
      { childId: 'mia', machineId: 'desktop', minutes: 15 },
      { childId: 'leo', machineId: 'desktop', minutes: -10 },
    ]);
    expect(outcomeLines(config, ANNA, outcome)).toEqual([
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
    expect(outcomeLines(config, BEN, outcome)).toEqual([
      '↩️ Already done, not repeated: +15 min for Mia on desktop by Anna: 1h 05m left then',
      '↩️ Already tried, not repeated: \u221210 min for Leo on desktop by Anna failed (not reachable (no route to host))',
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
    status: 'applied',
    detail: undefined,
    secondsLeft: undefined,
    ...fields,
  });
  const what = '+30 min for Mia on laptop by Anna';

  test('applied and capped: already done, with the time left then if known', () => {
    expect(formatRecordedChange(config, record({ status: 'applied', secondsLeft: 5400 }))).toBe(`↩️ Already done, not repeated: ${what}: 1h 30m left then`);
    expect(formatRecordedChange(config, record({ status: 'capped', secondsLeft: 600 }))).toBe(`↩️ Already done, not repeated: ${what}: 10m left then`);
    expect(formatRecordedChange(config, record({ status: 'applied', detail: 'not read back: busy' }))).toBe(`↩️ Already done, not repeated: ${what}`);
  });

  test('failed: already tried, with the reason (escaped), or "error" when none was kept', () => {
    expect(formatRecordedChange(config, record({ status: 'failed', detail: 'unexpected answer: "<x>"' }))).toBe(
      `↩️ Already tried, not repeated: ${what} failed (unexpected answer: "&lt;x&gt;")`,
    );
    expect(formatRecordedChange(config, record({ status: 'failed' }))).toBe(`↩️ Already tried, not repeated: ${what} failed (error)`);
  });

  test('unknown and pending: not repeated, outcome unknown', () => {
    for (const status of ['unknown', 'pending'] as const) {
      const text = formatRecordedChange(config, record({ status }));
      expect(text, status).toMatch(new RegExp(`^↩️ Not repeated: \\+30 min for Mia on laptop by Anna\\. Whether it was applied is unknown`));
      expect(text).toContain('The time is read again below.');
    }
  });

  test('names are escaped; a child no longer configured shows by id; negative minutes use a minus sign', () => {
    expect(formatRecordedChange(config, record({ parentName: 'A<n>a', childId: 'sam', minutes: -5, secondsLeft: 0 }))).toBe(
      '↩️ Already done, not repeated: \u22125 min for sam on laptop by A&lt;n&gt;a: 0m left then',
    );
  });
});
