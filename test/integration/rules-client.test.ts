import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createMachineClients, type MachineClients } from '../../src/timekpr/backend.ts';
import { HELPER_FILE, helperProgramFrom, loadHelperProgram, type HelperProgram } from '../../src/timekpr/helper/program.ts';
import type { RulesWrite, RulesWriteFailure } from '../../src/timekpr/rules-client.ts';
import { diffSettings, inversePatch, isEmptyPatch, withPatch, type Rules, type RulesPatch } from '../../src/timekpr/rules.ts';
import type { Result } from '../../src/lib/result.ts';
import { hostControl, loadTestHost, makeTempDir, testHostConfig, testLogger, writeAndLoadConfig, type TestHost } from '../support/test-host.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// The house rules through both backends against the real daemon: what is written is what `timekpra --userinfo` on the
// computer shows, and the inverse patch restores it exactly.

const run = promisify(execFile);
let host: TestHost;
let leo: string;
const cleanups: (() => Promise<void> | void)[] = [];

async function clientsFor(backend: 'dbus' | 'timekpra', helper: HelperProgram = loadHelperProgram()): Promise<MachineClients> {
  const temp = await makeTempDir();
  cleanups.push(temp.cleanup);
  const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: { backend } }, { leo: { pc: leo } }));
  const pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  const clients = createMachineClients({ machines: loaded.config.machines, exec: pool.exec, openStream: pool.openStream, helper, logger: testLogger });
  cleanups.push(async () => {
    clients.close();
    await pool.close();
  });
  return clients;
}

/** What the daemon itself says, through timekpra run locally as root (not through the bot). */
async function userinfo(login: string): Promise<Record<string, string>> {
  for (let attempt = 0; ; attempt += 1) {
    const { stdout } = await run('/usr/bin/timekpra', ['--userinfo', login], { env: { ...process.env, LC_ALL: 'C' } });
    if (stdout.includes('is already running') && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    return Object.fromEntries(stdout.split('\n').flatMap((line) => {
      const match = /^([A-Z0-9_]+): ?(.*)$/.exec(line);
      return match?.[1] === undefined ? [] : [[match[1], match[2] ?? '']];
    }));
  }
}

function readBack(written: Result<RulesWrite, RulesWriteFailure>): Rules {
  if (!written.ok || written.value.kind !== 'read-back') throw new Error(`write failed: ${JSON.stringify(written)}`);
  return written.value.rules;
}

async function rulesOf(clients: MachineClients): Promise<Rules> {
  const rules = await clients.readRules('pc', leo);
  if (!rules.ok) throw new Error(`read failed: ${JSON.stringify(rules.error)}`);
  return rules.value;
}

beforeAll(async () => {
  host = await loadTestHost();
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  await hostControl(host, 'logout', leo);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const everything: RulesPatch = {
  allowedDays: [1, 2, 3, 4, 5, 6],
  dayLimits: [3600, 3600, 3600, 3600, 5400, 10_800],
  hours: [
    {
      day: 6,
      hours: [
        { hour: 9, fromMinute: 0, toMinute: 60, accounted: true },
        { hour: 10, fromMinute: 0, toMinute: 60, accounted: false },
        { hour: 20, fromMinute: 0, toMinute: 30, accounted: true },
      ],
    },
  ],
  weekLimit: 36_000,
  monthLimit: 144_000,
  lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } },
  playTimeEnabled: true,
  playTimeOverride: true,
  playTimeInFreeIntervals: false,
  playTimeLimits: [2700, 2700, 2700, 2700, 2700, 7200, 7200],
  playTimeActivities: [
    { mask: 'steam', description: 'Steam' },
    { mask: 'minecraft.*', description: 'Minecraft Java' },
  ],
};

describe.each(['dbus', 'timekpra'] as const)('the house rules through %s', (backend) => {
  test('every field written reads back as the daemon keeps it, and the inverse restores it exactly', async () => {
    const clients = await clientsFor(backend);
    const before = await rulesOf(clients);
    const daemonBefore = await userinfo(leo);
    try {
      const after = readBack(await clients.changeRules('pc', leo, everything));
      expect(isEmptyPatch(diffSettings(after.settings, withPatch(before.settings, everything)))).toBe(true);
      const daemon = await userinfo(leo);
      expect(daemon['ALLOWED_WEEKDAYS']).toBe('1;2;3;4;5;6');
      expect(daemon['LIMITS_PER_WEEKDAYS']).toBe('3600;3600;3600;3600;5400;10800');
      expect(daemon['ALLOWED_HOURS_6']).toBe('9;!10;20[0-30]');
      expect(daemon['LIMIT_PER_WEEK']).toBe('36000');
      expect(daemon['LIMIT_PER_MONTH']).toBe('144000');
      expect([daemon['LOCKOUT_TYPE'], daemon['WAKEUP_HOUR_INTERVAL']]).toEqual(['suspendwake', '7;18']);
      expect([daemon['PLAYTIME_ENABLED'], daemon['PLAYTIME_LIMIT_OVERRIDE_ENABLED'], daemon['PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED']]).toEqual(['True', 'True', 'False']);
      expect(daemon['PLAYTIME_LIMITS_PER_WEEKDAYS']).toBe('2700;2700;2700;2700;2700;7200;7200');
      expect(daemon['PLAYTIME_ACTIVITIES']).toBe('steam[Steam];minecraft.*[Minecraft Java]');
      // Reading again after the write: nothing differs, so nothing would be written.
      expect(isEmptyPatch(diffSettings((await rulesOf(clients)).settings, after.settings))).toBe(true);
    } finally {
      const restored = readBack(await clients.changeRules('pc', leo, inversePatch(before.settings, everything)));
      expect(isEmptyPatch(diffSettings(restored.settings, before.settings))).toBe(true);
      const daemonAfter = await userinfo(leo);
      for (const key of Object.keys(daemonBefore).filter((name) => !/SPENT|LEFT|ACTUAL/.test(name))) {
        expect([key, daemonAfter[key]]).toEqual([key, daemonBefore[key]]);
      }
    }
  });

  test('PlayTime left is changed and read back', async () => {
    const clients = await clientsFor(backend);
    const before = await rulesOf(clients);
    const enable: RulesPatch = { playTimeEnabled: true, playTimeLimits: [1800, 1800, 1800, 1800, 1800, 1800, 1800] };
    readBack(await clients.changeRules('pc', leo, enable));
    try {
      const given = await clients.changePlayTimeLeft('pc', leo, '=', 900);
      if (!given.ok || given.value.kind !== 'read-back') throw new Error(JSON.stringify(given));
      expect(given.value.info.playTimeLeftSeconds).toBe(900);
      expect((await rulesOf(clients)).playTimeLeftToday).toBe(900);
      expect(Number((await userinfo(leo))['PLAYTIME_LEFT_DAY'])).toBe(900);
    } finally {
      readBack(await clients.changeRules('pc', leo, inversePatch(before.settings, enable)));
    }
  });

  test('the daemon refusing a value is said, naming nothing written', async () => {
    const clients = await clientsFor(backend);
    const refused = await clients.changeRules('pc', 'tknobody', { weekLimit: 3600 });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unknown-user' } });
    const invalid = await clients.changeRules('pc', leo, { weekLimit: 604_801 });
    expect(invalid).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
  });
});

describe('an installed helper of the previous version', () => {
  test('still reads the rules, and a change says "update the helper" without sending it', async () => {
    const source = readFileSync(HELPER_FILE, 'utf8').replace(/^HELPER_VERSION = \d+$/m, 'HELPER_VERSION = 1');
    const clients = await clientsFor('dbus', helperProgramFrom(source));
    const before = await userinfo(leo);
    expect((await rulesOf(clients)).settings.weekLimit).toBe(Number(before['LIMIT_PER_WEEK']));
    const change = await clients.changeRules('pc', leo, { weekLimit: 36_000 });
    expect(change).toEqual({ ok: false, error: { kind: 'helper-outdated', version: 1, needed: 2 } });
    const play = await clients.changePlayTimeLeft('pc', leo, '+', 600);
    expect(play).toEqual({ ok: false, error: { kind: 'helper-outdated', version: 1, needed: 2 } });
    expect((await userinfo(leo))['LIMIT_PER_WEEK']).toBe(before['LIMIT_PER_WEEK']);
  });
});
