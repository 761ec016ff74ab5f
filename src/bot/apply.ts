import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Result } from '../lib/result.ts';
import type { MachineFailure, TimeChange, TimekprClient } from '../timekpr/client.ts';
import type { AddRequest } from './add-command.ts';
import { formatChangeLine } from './format.ts';
import { changeMinutes } from './status.ts';

export interface ApplyDependencies {
  readonly client: TimekprClient;
  readonly config: Config;
  readonly logger: Logger;
}

/**
 * Applies an /add to each of its machines (all at once; each machine's own queue keeps order) and returns one
 * line per machine with the time read back afterwards. HTML.
 */
export async function applyAdd({ client, config, logger }: ApplyDependencies, request: AddRequest, byName: string, byId: number | undefined): Promise<string[]> {
  return Promise.all(
    request.machineIds.map(async (machineId) => {
      const started = performance.now();
      const result = await changeMinutes(client, config, request.child.id, machineId, request.minutes);
      logChange(logger, { user: byId, name: byName, child: request.child.id, machine: machineId, minutes: request.minutes }, result, started);
      return formatChangeLine(config, { childId: request.child.id, machineId, minutes: request.minutes, by: byName }, result);
    }),
  );
}

/** One log line per change: who, what, the outcome and how long it took. */
export function logChange(
  logger: Logger,
  change: { readonly user: number | undefined; readonly name: string; readonly child: string; readonly machine: string; readonly minutes: number },
  result: Result<TimeChange, MachineFailure>,
  startedAt: number,
): void {
  const outcome = result.ok ? (result.value.kind === 'read-back' ? (result.value.capped ? 'capped' : 'ok') : 'not-read-back') : result.error.kind;
  const secondsLeft = result.ok && result.value.kind === 'read-back' ? result.value.info.secondsLeft : undefined;
  logger.info({ action: 'add', ...change, result: outcome, secondsLeft, durationMs: Math.round(performance.now() - startedAt) }, 'time changed');
}
