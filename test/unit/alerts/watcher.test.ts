import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startWatcher, type WatchedAlert, type Watcher } from '../../../src/alerts/watcher.ts';
import type { Config } from '../../../src/config/types.ts';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { Store } from '../../../src/storage/store.ts';
import type { MachineFailure, TimekprClient, UsersInfo } from '../../../src/timekpr/client.ts';
import type { TimekpraProblem, UserInfo } from '../../../src/timekpr/parse.ts';
import { configOf, familyFile, silentLogger, tempStore, userInfo } from '../../support/bot-config.ts';

/**
 * A TimekprClient whose machines answer from `state`: per machine, either a failure, a thrown error, or per-login
 * answers (a login missing from the map reads as unknown-user). Records every usersInfo call; never changes time.
 */
class FakeClient implements TimekprClient {
  readonly calls: { machineId: string; logins: readonly string[] }[] = [];
  readonly machines = new Map<string, Map<string, Result<UserInfo, TimekpraProblem>> | MachineFailure | Error>();

  set(machineId: string, login: string, fields: Partial<Omit<UserInfo, 'login'>>): void {
    let answers = this.machines.get(machineId);
    if (!(answers instanceof Map)) answers = new Map();
    answers.set(login, ok(userInfo(login, fields)));
    this.machines.set(machineId, answers);
  }

  knownUsers(): Promise<Result<string[], MachineFailure>> {
    return Promise.reject(new Error('the watcher should not list users'));
  }

  usersInfo(machineId: string, logins: readonly string[]): Promise<Result<UsersInfo, MachineFailure>> {
    this.calls.push({ machineId, logins: [...logins] });
    const machine = this.machines.get(machineId);
    if (machine instanceof Error) return Promise.reject(machine);
    if (machine !== undefined && !(machine instanceof Map)) return Promise.resolve(err(machine));
    const answers = new Map<string, Result<UserInfo, TimekpraProblem>>();
    for (const login of logins) answers.set(login, machine?.get(login) ?? err({ kind: 'unknown-user', login }));
    return Promise.resolve(ok(answers));
  }

  changePlayTimeLeft(): never {
    throw new Error('the watcher never changes time');
  }

  changeTimeLeft(): never {
    throw new Error('the watcher should not change time');
  }
}

/** Mia on desktop (mia) and laptop (mia2) with alerts; Leo on desktop (leo) with alerts off. Thresholds 15 and 5. */
function watchedConfig(): Config {
  const file = familyFile();
  file.children = {
    mia: { name: 'Mia', accounts: { desktop: 'mia', laptop: 'mia2' } },
    leo: { name: 'Leo', accounts: { desktop: 'leo' }, alerts: false },
  };
  file.notifications = { thresholdsMinutes: [15, 5], pollSeconds: 60 };
  return configOf(file);
}

const MORNING = new Date(2026, 2, 5, 9, 30);
const NEXT_MORNING = new Date(2026, 2, 6, 9, 30);

let store: Store;
let removeStore: () => void;
let client: FakeClient;
let notified: WatchedAlert[];
let clock: Date;
const watchers: Watcher[] = [];

function watcher(config: Config = watchedConfig(), notify = (alert: WatchedAlert) => {
  notified.push(alert);
  return Promise.resolve();
}): Watcher {
  const started = startWatcher({ config, client, store, logger: silentLogger(), notify, now: () => clock.getTime() }, { autoStart: false });
  watchers.push(started);
  return started;
}

beforeEach(() => {
  ({ store, remove: removeStore } = tempStore());
  client = new FakeClient();
  notified = [];
  clock = MORNING;
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(watchers.splice(0).map((each) => each.stop()));
  removeStore();
});

describe('startWatcher / pollAll', () => {
  test('asks each machine once, only for the logins of children with alerts', async () => {
    await watcher().pollAll();
    expect(client.calls).toEqual(
      expect.arrayContaining([
        { machineId: 'desktop', logins: ['mia'] },
        { machineId: 'laptop', logins: ['mia2'] },
      ]),
    );
    expect(client.calls).toHaveLength(2);
  });

  test('alerts a logged-in child with alerts on, not one with alerts off', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    client.set('desktop', 'leo', { loggedIn: true, secondsLeft: 240 });
    client.set('laptop', 'mia2', { loggedIn: false, secondsLeft: 3600 });
    await watcher().pollAll();
    expect(notified).toEqual([{ childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 }, secondsLeft: 240 }]);
  });

  test('no alert while the child is not logged in; one when they log in', async () => {
    client.set('desktop', 'mia', { loggedIn: false, secondsLeft: 600 });
    const watching = watcher();
    await watching.pollAll();
    expect(notified).toEqual([]);
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 600 });
    await watching.pollAll();
    expect(notified).toEqual([{ childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 15 }, secondsLeft: 600 }]);
  });

  test('a threshold alerts once over several polls; the next one alerts when crossed', async () => {
    const watching = watcher();
    for (const secondsLeft of [1200, 840, 780, 600, 290, 200]) {
      client.set('desktop', 'mia', { loggedIn: true, secondsLeft });
      await watching.pollAll();
    }
    expect(notified.map((each) => [each.alert, each.secondsLeft])).toEqual([
      [{ kind: 'low', thresholdMinutes: 15 }, 840],
      [{ kind: 'low', thresholdMinutes: 5 }, 290],
    ]);
  });

  test('the state is kept in the store: a new watcher on it (a restart) does not alert again', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    await watcher().pollAll();
    expect(notified).toHaveLength(1);
    expect(store.loadAlertState('mia', 'desktop')).toEqual({ day: '2026-03-05', sent: [15, 5], timeUpSent: false });
    await watcher().pollAll();
    expect(notified).toHaveLength(1);
  });

  test('a new day alerts again', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    await watcher().pollAll();
    clock = NEXT_MORNING;
    await watcher().pollAll();
    expect(notified.map((each) => each.alert)).toEqual([
      { kind: 'low', thresholdMinutes: 5 },
      { kind: 'low', thresholdMinutes: 5 },
    ]);
    expect(store.loadAlertState('mia', 'desktop')?.day).toBe('2026-03-06');
  });

  test('time up gives one "up" alert', async () => {
    client.set('laptop', 'mia2', { loggedIn: true, secondsLeft: 0 });
    const watching = watcher();
    await watching.pollAll();
    await watching.pollAll();
    expect(notified).toEqual([{ childId: 'mia', machineId: 'laptop', alert: { kind: 'up' }, secondsLeft: 0 }]);
  });

  test('each alert is recorded in the history at the injected time', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    client.set('laptop', 'mia2', { loggedIn: true, secondsLeft: 0 });
    await watcher().pollAll();
    const history = store.history(0);
    expect(history).toHaveLength(2);
    expect(history).toEqual(
      expect.arrayContaining([
        { kind: 'alert', alert: { at: MORNING.getTime(), childId: 'mia', machineId: 'desktop', kind: 'low', thresholdMinutes: 5, secondsLeft: 240 } },
        { kind: 'alert', alert: { at: MORNING.getTime(), childId: 'mia', machineId: 'laptop', kind: 'up', thresholdMinutes: undefined, secondsLeft: 0 } },
      ]),
    );
  });

  test('nothing happening records nothing', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 7200 });
    await watcher().pollAll();
    expect(notified).toEqual([]);
    expect(store.history(0)).toEqual([]);
  });

  test('a machine that fails to answer does not keep the others from alerting', async () => {
    client.machines.set('desktop', { kind: 'unreachable', reason: 'no route to host' });
    client.set('laptop', 'mia2', { loggedIn: true, secondsLeft: 240 });
    await watcher().pollAll();
    expect(notified.map((each) => each.machineId)).toEqual(['laptop']);
  });

  test('a machine whose read throws does not keep the others from alerting, and pollAll still resolves', async () => {
    client.machines.set('laptop', new Error('boom'));
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    await expect(watcher().pollAll()).resolves.toBeUndefined();
    expect(notified.map((each) => each.machineId)).toEqual(['desktop']);
  });

  test('a login the machine does not know is skipped; the same child elsewhere is still alerted', async () => {
    const file = familyFile();
    file.children = {
      mia: { name: 'Mia', accounts: { desktop: 'mia' } },
      leo: { name: 'Leo', accounts: { desktop: 'leo' } },
    };
    client.set('desktop', 'leo', { loggedIn: true, secondsLeft: 600 });
    await watcher(configOf(file)).pollAll();
    expect(notified.map((each) => each.childId)).toEqual(['leo']);
    expect(store.loadAlertState('mia', 'desktop')).toBeUndefined();
  });

  test('an alert that reached no one stays due: sent at the next poll, and only then in the history', async () => {
    client.set('desktop', 'mia', { loggedIn: true, secondsLeft: 240 });
    const failing = watcher(undefined, () => Promise.reject(new Error('telegram down')));
    await expect(failing.pollAll()).resolves.toBeUndefined();
    expect(store.history(0)).toEqual([]);
    await watcher().pollAll();
    expect(notified).toEqual([{ childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 }, secondsLeft: 240 }]);
    expect(store.history(0)).toHaveLength(1);
    await watcher().pollAll();
    expect(notified).toHaveLength(1);
  });

  test('no children with alerts: nothing is polled', async () => {
    const file = familyFile();
    file.children = { mia: { name: 'Mia', accounts: { desktop: 'mia' }, alerts: false } };
    await watcher(configOf(file)).pollAll();
    expect(client.calls).toEqual([]);
  });

  test('stop() resolves', async () => {
    const watching = watcher();
    await watching.pollAll();
    await expect(watching.stop()).resolves.toBeUndefined();
  });
});

describe('startWatcher loops', () => {
  test('polls at once and then every pollMs; stop() ends the loop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const config = watchedConfig();
    const started = startWatcher({ config, client, store, logger: silentLogger(), notify: async () => {}, now: () => clock.getTime() });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(config.notifications.pollMs - 1);
    expect(client.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.calls).toHaveLength(4);
    await started.stop();
    await vi.advanceTimersByTimeAsync(config.notifications.pollMs * 5);
    expect(client.calls).toHaveLength(4);
  });

  test('autoStart: false polls nothing by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    watcher();
    await vi.advanceTimersByTimeAsync(watchedConfig().notifications.pollMs * 3);
    expect(client.calls).toEqual([]);
  });
});
