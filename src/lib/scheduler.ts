import type { Logger } from 'pino';

/** The one shape of a clock: milliseconds since the epoch (tests pass their own). */
export type Clock = () => number;

export interface RepeatOptions {
  /** The pause after a run ends before the next starts: fixed, or asked anew after each run (it may depend on state). */
  readonly everyMs: number | (() => number);
  /** Whether the first run is at start (default) or one pause later. */
  readonly atStart?: boolean;
}

interface Task {
  readonly name: string;
  readonly run: () => Promise<unknown>;
  readonly options: RepeatOptions;
  timer?: NodeJS.Timeout | undefined;
  running?: Promise<void> | undefined;
}

/**
 * Owns the bot's timed work: every repeating task is registered here, started together and stopped together. A task
 * runs again a pause after its last run ended, so runs of one task never overlap and a slow run delays only its own
 * task. A run that fails is logged with the task's name and the task goes on.
 */
export class Scheduler {
  readonly #logger: Logger;
  readonly #tasks: Task[] = [];
  #started = false;
  #stopped = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Registers `run` to repeat; a task registered after `start()` starts at once. */
  repeat(name: string, run: () => Promise<unknown>, options: RepeatOptions): void {
    if (this.#stopped) return;
    const task: Task = { name, run, options };
    this.#tasks.push(task);
    if (this.#started) this.#begin(task);
  }

  /** Starts every task registered so far. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    for (const task of this.#tasks) this.#begin(task);
  }

  /** No run starts any more; resolves when the runs under way have ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const task of this.#tasks) clearTimeout(task.timer);
    await Promise.all(this.#tasks.flatMap((task) => task.running ?? []));
  }

  #begin(task: Task): void {
    if (task.options.atStart === false) this.#later(task);
    else this.#runNow(task);
  }

  #runNow(task: Task): void {
    if (this.#stopped) return;
    task.running = Promise.resolve()
      .then(task.run)
      .then(
        () => undefined,
        (error: unknown) => this.#logger.error({ err: error, task: task.name }, 'scheduled task failed'),
      )
      .finally(() => {
        task.running = undefined;
        this.#later(task);
      });
  }

  #later(task: Task): void {
    if (this.#stopped) return;
    const { everyMs } = task.options;
    task.timer = setTimeout(() => this.#runNow(task), typeof everyMs === 'number' ? everyMs : everyMs());
  }
}

/**
 * The scheduler a part of the bot registers its tasks with: the bot's one (wired in main.ts, started and stopped
 * there), or, for a part used on its own (tests, benches), one of its own, started at once and stopped with the part.
 */
export function schedulerFor(given: Scheduler | undefined, logger: Logger): { readonly scheduler: Scheduler; readonly stopOwn: () => Promise<void> } {
  if (given !== undefined) return { scheduler: given, stopOwn: () => Promise.resolve() };
  const own = new Scheduler(logger);
  own.start();
  return { scheduler: own, stopOwn: () => own.stop() };
}
