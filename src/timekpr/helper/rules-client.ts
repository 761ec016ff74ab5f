import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result.ts';
import type { MachineFailure } from '../client.ts';
import type { IsoWeekday } from '../parse.ts';
import type { RulesClient, RulesWrite, RulesWriteFailure } from '../rules-client.ts';
import { buildRules } from '../rules-read.ts';
import { checkPatch, WEEKDAYS, type Rules } from '../rules.ts';
import { failureOf } from './client.ts';
import { RULES_HELPER_VERSION, type HelperRequest } from './protocol.ts';
import type { Answer, HelperSession } from './session.ts';
import { allowedHours, daemonInfo } from './user-info.ts';

/**
 * The house rules through the helper: read with `info` (any helper version has it), written with `set-rules`
 * (version 2), followed by an `info` in the same pipeline. An older helper is not sent what it does not know: the
 * answer is "update the helper".
 */
export function createHelperRulesClient(sessionOf: (machineId: string) => HelperSession): RulesClient {
  async function read(machineId: string, login: string): Promise<Result<Rules, MachineFailure>> {
    const first = rulesOf(login, await sessionOf(machineId).request({ op: 'info', user: login }));
    // A kept channel that dropped under the read: asked once more on a new channel (a read is harmless to repeat).
    return !first.ok && first.error.kind === 'connection-lost' ? rulesOf(login, await sessionOf(machineId).request({ op: 'info', user: login })) : first;
  }

  /** Sends `request` (a change) and the re-read together, once; a version-1 helper is not asked. */
  async function writeThenRead(machineId: string, login: string, request: HelperRequest): Promise<Result<RulesWrite, RulesWriteFailure>> {
    const session = sessionOf(machineId);
    const started = await session.start();
    if (!started.ok) return err(failureOf(started.error, { login, commandSent: false }));
    if (started.value.version < RULES_HELPER_VERSION) return err({ kind: 'helper-outdated', version: started.value.version, needed: RULES_HELPER_VERSION });
    const [changed, reread] = await Promise.all([session.request(request), session.request({ op: 'info', user: login })]);
    if (!changed.ok) {
      const failure = failureOf(changed.error, { login, commandSent: true });
      const partly = 'message' in changed.error ? partlyWritten(changed.error.message) : undefined;
      return err(partly === undefined ? failure : { kind: 'partly-written', ...partly, failure });
    }
    const rules = rulesOf(login, reread);
    return ok(rules.ok ? { kind: 'read-back', rules: rules.value } : { kind: 'not-read-back', readFailure: rules.error });
  }

  return {
    readRules: read,
    async changeRules(machineId, login, patch) {
      const valid = checkPatch(patch);
      if (!valid.ok) return err({ kind: 'invalid-request', message: valid.error });
      return writeThenRead(machineId, login, { op: 'set-rules', user: login, rules: patch });
    },
  };
}

/** The helper's words for a `set-rules` that stopped part way: `hours failed after writing allowedDays, dayLimits: …`. */
export function partlyWritten(message: string): { readonly written: readonly string[]; readonly failedField: string } | undefined {
  const match = /^([A-Za-z]+) failed after writing ([A-Za-z, ]+):/.exec(message);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { failedField: match[1], written: match[2].split(',').map((field) => field.trim()).filter((field) => field !== '') };
}

const int = z.int();
const { days } = daemonInfo;

const rulesSchema = z.object({
  weekday: z.int().min(1).max(7),
  info: z.object({
    ALLOWED_WEEKDAYS: days,
    LIMITS_PER_WEEKDAYS: z.array(int).max(7),
    ...daemonInfo.hours,
    LIMIT_PER_WEEK: int,
    LIMIT_PER_MONTH: int,
    LOCKOUT_TYPE: z.string().max(64),
    WAKEUP_HOUR_INTERVAL: z.string().max(64).optional(),
    PLAYTIME_ENABLED: z.boolean(),
    PLAYTIME_LIMIT_OVERRIDE_ENABLED: z.boolean(),
    PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED: z.boolean(),
    PLAYTIME_ALLOWED_WEEKDAYS: days,
    PLAYTIME_LIMITS_PER_WEEKDAYS: z.array(int).max(7),
    PLAYTIME_ACTIVITIES: z.array(z.array(z.string().max(256)).min(1).max(2)).max(256),
    PLAYTIME_LEFT_DAY: int,
    PLAYTIME_SPENT_DAY: int,
    ACTUAL_PLAYTIME_LEFT_DAY: int.optional(),
  }),
});

function rulesOf(login: string, answer: Answer): Result<Rules, MachineFailure> {
  if (!answer.ok) return err(failureOf(answer.error, { login, commandSent: false }));
  const rules = rulesFromHelper(login, answer.value);
  return rules.ok ? rules : err({ kind: 'unexpected-output', text: rules.error });
}

/** The helper's `info` answer read as rules, with a schema; the same rules as timekpra's text (rules-read.ts). Pure. */
export function rulesFromHelper(login: string, result: Readonly<Record<string, unknown>>): Result<Rules, string> {
  const parsed = rulesSchema.safeParse(result);
  if (!parsed.success) return err(`the daemon's rules for ${login} were not as expected`);
  const { weekday, info } = parsed.data;
  const built = buildRules(login, weekday as IsoWeekday, {
    ...info,
    hours: WEEKDAYS.map((day) => allowedHours(info[`ALLOWED_HOURS_${day}`])),
    PLAYTIME_ACTIVITIES: info.PLAYTIME_ACTIVITIES.map(([mask = '', description]) => ({ mask, description: description === undefined || description === '' ? mask : description })),
  });
  return built.ok ? built : err(`the daemon's rules for ${login}: ${built.error}`);
}
