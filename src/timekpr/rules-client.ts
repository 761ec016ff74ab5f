import { err, ok, type Result } from '../lib/result.ts';
import type { CommandOutput, ExecBatch, RemoteCommand } from '../ssh/exec-batch.ts';
import { retriedWhileBusy, type MachineFailure } from './client.ts';
import { rulesCommands, userInfoCommand, WEEKDAY_COMMAND } from './commands.ts';
import { parseWeekday, recognizeProblem, type TimekpraProblem } from './parse.ts';
import { parseRulesText } from './rules-read.ts';
import type { Rules, RulesPatch } from './rules.ts';

/**
 * A write that was made, with the rules read back right after it: report those, never what was asked. If the
 * re-read failed, the write still happened and `readFailure` says why the new rules are not known.
 */
export type RulesWrite =
  | { readonly kind: 'read-back'; readonly rules: Rules }
  | { readonly kind: 'not-read-back'; readonly readFailure: MachineFailure };

/**
 * A write that failed part way: `failure` stopped it at `failedField`, after `written` had been written. The rules
 * may have changed: read them again.
 */
export interface PartialWrite {
  readonly kind: 'partly-written';
  readonly written: readonly string[];
  readonly failedField: string;
  readonly failure: MachineFailure;
}

export type RulesWriteFailure = MachineFailure | PartialWrite;

/** Reads and writes a child's house rules on a machine. Hides how, like `TimekprClient`. */
export interface RulesClient {
  readRules(machineId: string, login: string): Promise<Result<Rules, MachineFailure>>;
  /** Writes exactly the fields of `patch` (the caller diffs first), then reads the rules back. */
  changeRules(machineId: string, login: string, patch: RulesPatch): Promise<Result<RulesWrite, RulesWriteFailure>>;
}

export interface TimekpraRulesOptions {
  readonly exec: ExecBatch;
  readonly timekpraOf: (machineId: string) => string;
  readonly busyRetryDelaysMs?: readonly number[];
}

/** The house rules through `timekpra` over SSH: one round trip per read, one per write (the setters, then the re-read). */
export function createTimekpraRulesClient(options: TimekpraRulesOptions): RulesClient {
  async function read(machineId: string, login: string): Promise<Result<Rules, MachineFailure>> {
    const command = userInfoCommand(options.timekpraOf(machineId), login);
    if (!command.ok) return err({ kind: 'invalid-request', message: command.error });
    const outputs = await options.exec(machineId, [WEEKDAY_COMMAND, command.value]);
    if (!outputs.ok) return outputs;
    return rulesOf(outputs.value[0], outputs.value[1], login);
  }

  /** Runs `commands` then the re-read in one round trip; a step that failed stops the reading of the rest. */
  async function writeThenRead(
    machineId: string,
    login: string,
    steps: readonly { readonly field: string; readonly command: RemoteCommand }[],
  ): Promise<Result<RulesWrite, RulesWriteFailure>> {
    const reread = userInfoCommand(options.timekpraOf(machineId), login);
    if (!reread.ok) return err({ kind: 'invalid-request', message: reread.error });
    // Each attempt runs the steps not yet written: timekpra busy at a step repeats from that step, never one before.
    let written = 0;
    let failedAt = 0;
    const result = await retriedWhileBusy(async (): Promise<Result<Rules, MachineFailure>> => {
      const remaining = steps.slice(written);
      failedAt = written;
      const outputs = await options.exec(machineId, [...remaining.map(({ command }) => command), WEEKDAY_COMMAND, reread.value]);
      if (!outputs.ok) return outputs;
      for (const output of outputs.value.slice(0, remaining.length)) {
        const setter = parseSetterOutput(output);
        if (!setter.ok) return setter;
        written += 1;
        failedAt = written;
      }
      return rulesOf(outputs.value[remaining.length], outputs.value[remaining.length + 1], login);
    }, options.busyRetryDelaysMs);
    if (result.ok) return ok({ kind: 'read-back', rules: result.value });
    if (written === steps.length) return ok({ kind: 'not-read-back', readFailure: result.error });
    if (written === 0) return result;
    const fields = steps.map(({ field }) => field);
    return err({ kind: 'partly-written', written: fields.slice(0, written), failedField: fields[failedAt] ?? '', failure: result.error });
  }

  return {
    readRules: (machineId, login) => retriedWhileBusy(() => read(machineId, login), options.busyRetryDelaysMs),

    async changeRules(machineId, login, patch) {
      const commands = rulesCommands(options.timekpraOf(machineId), login, patch);
      if (!commands.ok) return err({ kind: 'invalid-request', message: commands.error });
      return writeThenRead(machineId, login, commands.value);
    },

  };
}

function rulesOf(weekdayOutput: CommandOutput | undefined, infoOutput: CommandOutput | undefined, login: string): Result<Rules, MachineFailure> {
  if (weekdayOutput === undefined || infoOutput === undefined) return err({ kind: 'unexpected-output', text: '' });
  const weekday = parseWeekday(weekdayOutput.output);
  if (!weekday.ok) return weekday;
  return parseRulesText(infoOutput.output, infoOutput.exitCode, login, weekday.value);
}

/**
 * A timekpra setter prints nothing when it worked; a known failure is recognised, and any other text is the daemon
 * refusing the value (its own words, e.g. "invalid day list"). Pure.
 */
export function parseSetterOutput(output: CommandOutput): Result<void, TimekpraProblem> {
  const problem = recognizeProblem(output.output, output.exitCode);
  if (problem !== undefined) return err(problem);
  if (output.output.trim() === '' && output.exitCode === 0) return ok(undefined);
  return err({ kind: 'rejected', message: output.output.trim().split('\n')[0] ?? '' });
}
