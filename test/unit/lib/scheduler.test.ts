import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Scheduler, schedulerFor } from '../../../src/lib/scheduler.ts';
import { capturingLogger } from '../../support/offline-bot.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A task whose runs are counted and each end only when the test lets them (`finish`). */
function controlledTask() {
  const runs: { finish: () => void }[] = [];
  const run = () =>
    new Promise<void>((resolve) => {
      runs.push({ finish: resolve });
    });
  return { runs, run };
}

describe('Scheduler', () => {
  test('nothing runs before start; then a task runs at once and again a pause after each run ended', async () => {
    const scheduler = new Scheduler(capturingLogger().logger);
    let count = 0;
    scheduler.repeat('count', () => Promise.resolve(count++), { everyMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(count).toBe(0);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(count).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count).toBe(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(count).toBe(5);
    await scheduler.stop();
  });

  test('runs of one task never overlap: a slow run delays only its own task', async () => {
    const scheduler = new Scheduler(capturingLogger().logger);
    const slow = controlledTask();
    let fast = 0;
    scheduler.repeat('slow', slow.run, { everyMs: 100 });
    scheduler.repeat('fast', () => Promise.resolve(fast++), { everyMs: 100 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(slow.runs).toHaveLength(1);
    expect(fast).toBe(11);
    slow.runs[0]?.finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(slow.runs).toHaveLength(2);
    slow.runs[1]?.finish();
    await scheduler.stop();
  });

  test('a failed run is logged with its task and the task goes on', async () => {
    const { logger, lines } = capturingLogger();
    const scheduler = new Scheduler(logger);
    let count = 0;
    scheduler.repeat(
      'flaky',
      () => {
        count++;
        return count === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      { everyMs: 10 },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(count).toBe(2);
    expect(lines.map((line) => [line['msg'], line['task'], (line['err'] as { message?: string } | undefined)?.message])).toEqual([['scheduled task failed', 'flaky', 'boom']]);
    await scheduler.stop();
  });

  test('the pause may be asked anew after each run, and the first run may wait one pause', async () => {
    const scheduler = new Scheduler(capturingLogger().logger);
    const at: number[] = [];
    let pause = 100;
    scheduler.repeat(
      'growing',
      () => {
        at.push(Date.now());
        pause *= 2;
        return Promise.resolve();
      },
      { everyMs: () => pause, atStart: false },
    );
    const start = Date.now();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(at.map((moment) => moment - start)).toEqual([100, 300, 700, 1500]);
    await scheduler.stop();
  });

  test('stop: no new run starts, and it resolves once the runs under way ended', async () => {
    const scheduler = new Scheduler(capturingLogger().logger);
    const task = controlledTask();
    scheduler.repeat('held', task.run, { everyMs: 10 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    task.runs[0]?.finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(1000);
    expect(task.runs).toHaveLength(1);
    scheduler.repeat('late', task.run, { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(100);
    expect(task.runs).toHaveLength(1);
  });

  test('a task registered after start starts at once', async () => {
    const scheduler = new Scheduler(capturingLogger().logger);
    scheduler.start();
    let count = 0;
    scheduler.repeat('late', () => Promise.resolve(count++), { everyMs: 50 });
    await vi.advanceTimersByTimeAsync(0);
    expect(count).toBe(1);
    await scheduler.stop();
  });
});

describe('schedulerFor', () => {
  test("the bot's scheduler when given (its owner stops it); else one of its own, started, stopped with the part", async () => {
    const shared = new Scheduler(capturingLogger().logger);
    const given = schedulerFor(shared, capturingLogger().logger);
    expect(given.scheduler).toBe(shared);
    let count = 0;
    const own = schedulerFor(undefined, capturingLogger().logger);
    own.scheduler.repeat('own', () => Promise.resolve(count++), { everyMs: 10 });
    await vi.advanceTimersByTimeAsync(0);
    expect(count).toBe(1);
    await own.stopOwn();
    await vi.advanceTimersByTimeAsync(100);
    expect(count).toBe(1);
  });
});
