import { err, ok, type Result } from '../../src/lib/result.ts';
import type { MachineFailure } from '../../src/timekpr/client.ts';
import type { TimeOperation } from '../../src/timekpr/commands.ts';
import type { AllowedHour, IsoWeekday } from '../../src/timekpr/parse.ts';
import type { RulesClient, RulesWrite, RulesWriteFailure } from '../../src/timekpr/rules-client.ts';
import { checkPatch, RULE_FIELDS, withPatch, type RuleSettings, type Rules, type RulesPatch } from '../../src/timekpr/rules.ts';

/** Timekpr-nExT's rules for a new user: every day, every hour, a whole day, no PlayTime. */
export function defaultSettings(): RuleSettings {
  const fullDay: AllowedHour[] = Array.from({ length: 24 }, (_, hour) => ({ hour, fromMinute: 0, toMinute: 60, accounted: true }));
  return {
    allowedDays: [1, 2, 3, 4, 5, 6, 7],
    dayLimits: [86_400, 86_400, 86_400, 86_400, 86_400, 86_400, 86_400],
    hours: [fullDay, fullDay, fullDay, fullDay, fullDay, fullDay, fullDay],
    weekLimit: 604_800,
    monthLimit: 2_678_400,
    lockout: { type: 'terminate' },
    playTimeEnabled: false,
    playTimeOverride: false,
    playTimeInFreeIntervals: true,
    playTimeDays: [1, 2, 3, 4, 5, 6, 7],
    playTimeLimits: [0, 0, 0, 0, 0, 0, 0],
    playTimeActivities: [],
  };
}

export interface RulesWriteCall {
  readonly machineId: string;
  readonly login: string;
  readonly patch: RulesPatch;
}

/**
 * A `RulesClient` over rules kept in memory, per computer and login: records every write, applies it like the daemon
 * (checked first), and can fail a computer, or a write part way.
 */
export class FakeRulesClient implements RulesClient {
  readonly writes: RulesWriteCall[] = [];
  readonly reads: { machineId: string; login: string }[] = [];
  weekday: IsoWeekday = 3;
  readonly #settings = new Map<string, RuleSettings>();
  readonly #playTimeLeft = new Map<string, number>();
  readonly #machineFailures = new Map<string, MachineFailure>();
  readonly #partly = new Map<string, { failedField: string; failure: MachineFailure }>();

  settingsOf(machineId: string, login: string): RuleSettings {
    return this.#settings.get(`${machineId}/${login}`) ?? defaultSettings();
  }

  set(machineId: string, login: string, settings: RuleSettings): void {
    this.#settings.set(`${machineId}/${login}`, settings);
  }

  failMachine(machineId: string, failure: MachineFailure | undefined): void {
    if (failure === undefined) this.#machineFailures.delete(machineId);
    else this.#machineFailures.set(machineId, failure);
  }

  /** The next write on the computer stops at `failedField` (the fields before it are written). */
  failWriteAt(machineId: string, failedField: string, failure: MachineFailure): void {
    this.#partly.set(machineId, { failedField, failure });
  }

  #rules(machineId: string, login: string): Rules {
    return {
      login,
      weekday: this.weekday,
      settings: this.settingsOf(machineId, login),
      playTimeLeftToday: this.#playTimeLeft.get(`${machineId}/${login}`) ?? 0,
      playTimeSpentToday: 0,
    };
  }

  readRules(machineId: string, login: string): Promise<Result<Rules, MachineFailure>> {
    this.reads.push({ machineId, login });
    const failure = this.#machineFailures.get(machineId);
    return Promise.resolve(failure === undefined ? ok(this.#rules(machineId, login)) : err(failure));
  }

  changeRules(machineId: string, login: string, patch: RulesPatch): Promise<Result<RulesWrite, RulesWriteFailure>> {
    const failure = this.#machineFailures.get(machineId);
    if (failure !== undefined) return Promise.resolve(err(failure));
    const checked = checkPatch(patch);
    if (!checked.ok) return Promise.resolve(err({ kind: 'invalid-request', message: checked.error }));
    this.writes.push({ machineId, login, patch });
    const partly = this.#partly.get(machineId);
    if (partly !== undefined) {
      this.#partly.delete(machineId);
      const fields = RULE_FIELDS.filter((field) => patch[field] !== undefined);
      const written = fields.slice(0, Math.max(0, fields.indexOf(partly.failedField as (typeof fields)[number])));
      const done: Record<string, unknown> = {};
      for (const field of written) done[field] = patch[field];
      this.set(machineId, login, withPatch(this.settingsOf(machineId, login), done));
      return Promise.resolve(err({ kind: 'partly-written', written, failedField: partly.failedField, failure: partly.failure }));
    }
    this.set(machineId, login, withPatch(this.settingsOf(machineId, login), patch));
    return Promise.resolve(ok({ kind: 'read-back', rules: this.#rules(machineId, login) }));
  }

  changePlayTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<RulesWrite, MachineFailure>> {
    const failure = this.#machineFailures.get(machineId);
    if (failure !== undefined) return Promise.resolve(err(failure));
    const key = `${machineId}/${login}`;
    const now = this.#playTimeLeft.get(key) ?? 0;
    this.#playTimeLeft.set(key, Math.max(0, operation === '=' ? seconds : operation === '+' ? now + seconds : now - seconds));
    return Promise.resolve(ok({ kind: 'read-back', rules: this.#rules(machineId, login) }));
  }
}
