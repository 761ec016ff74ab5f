import type { Config } from '../config/types.ts';
import type { UsageStore } from '../storage/usage.ts';
import type { Clock } from '../lib/scheduler.ts';
import type { AnswerObserver } from '../timekpr/observed.ts';
import type { UserInfo } from '../timekpr/parse.ts';
import { isDayEnd, isDayRollover, missedDayOfWeek } from './days.ts';
import { addDays, localDay, mondayOf } from '../lib/local-days.ts';

/**
 * Records every child's time used today from each answer the bot gets (a /status, the watcher's reads, a change's
 * read-back): what reports are made of. A day keeps its last reading. When the week's total says exactly what one
 * missed day of this week was, that day is filled in (marked estimated).
 */
export function usageRecorder(config: Config, usage: UsageStore, now: Clock = Date.now): AnswerObserver {
  const record = (machineId: string, info: UserInfo) => {
    const at = now();
    if (isDayRollover(at)) return;
    const day = localDay(at);
    for (const child of config.children.values()) {
      if (child.accounts.get(machineId) !== info.login) continue;
      usage.record({ childId: child.id, machineId, day, at, secondsSpent: info.secondsSpentToday, limitSeconds: info.todayLimitSeconds, complete: isDayEnd(at) });
      if (info.secondsSpentWeek !== undefined) fillMissedDay(usage, child.id, machineId, day, at, info.secondsSpentToday, info.secondsSpentWeek);
    }
  };
  return {
    answered(machineId, answer) {
      if (answer.kind === 'users') for (const info of answer.infos.values()) if (info.ok) record(machineId, info.value);
      if (answer.kind === 'change' && answer.change.kind === 'read-back') record(machineId, answer.change.info);
    },
  };
}

function fillMissedDay(usage: UsageStore, childId: string, machineId: string, today: string, at: number, todaySeconds: number, weekSeconds: number): void {
  const monday = mondayOf(today);
  if (monday === today) return;
  const known = new Map(
    usage
      .days(monday, addDays(today, -1), childId)
      .filter((day) => day.machineId === machineId)
      .map((day) => [day.day, { seconds: day.secondsSpent, complete: day.complete }] as const),
  );
  const missed = missedDayOfWeek(today, todaySeconds, weekSeconds, known);
  if (missed !== undefined) usage.estimate({ childId, machineId, day: missed.day, at, secondsSpent: missed.seconds });
}
