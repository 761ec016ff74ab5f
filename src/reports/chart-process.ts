import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import type { ChartFailure } from './chart.ts';
import type { UsageChart } from './chart-spec.ts';
import type { WeekPicture } from './week-chart-spec.ts';

/** Draws charts in a process of their own; see {@link createChartRenderer}. */
export interface ChartRenderer {
  readonly render: (chart: UsageChart) => Promise<Result<Buffer, ChartFailure>>;
  /** A child's week of house rules (`renderWeekChart` there). */
  readonly renderWeek: (picture: WeekPicture) => Promise<Result<Buffer, ChartFailure>>;
  /** Ends the drawing process (if one runs); a later render starts a new one. */
  readonly close: () => void;
}

const answer = z.union([
  z.object({ id: z.number(), ok: z.literal(true), png: z.instanceof(Uint8Array) }),
  z.object({ id: z.number(), ok: z.literal(false), message: z.string() }),
]);

// The worker beside this code: chart-worker.ts in the sources, chart-worker.js in the bundle (dist/, scripts/build.ts).
const WORKER = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './chart-worker.ts' : './chart-worker.js', import.meta.url));

/**
 * Draws charts in a child process (the same Node) that ends after `idleMs` without work. The charting libraries take
 * about 100 MB once loaded and the allocator keeps it even after a worker thread ends; a process gives it all back,
 * so a bot that sends a report now and then stays small between them. Renders run one after another. A drawing that
 * takes longer than `timeoutMs` fails, and the process is ended (a new one starts for the next).
 */
export function createChartRenderer({ idleMs = 30_000, timeoutMs = 20_000 }: { idleMs?: number; timeoutMs?: number } = {}): ChartRenderer {
  let child: ChildProcess | undefined;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 1;
  /** Each request waiting for its answer, with the process drawing it. */
  const pending = new Map<number, { readonly drawer: ChildProcess; readonly resolve: (result: Result<Buffer, ChartFailure>) => void }>();

  const failAllOf = (drawer: ChildProcess, message: string) => {
    for (const [id, waiting] of pending) {
      if (waiting.drawer !== drawer) continue;
      pending.delete(id);
      waiting.resolve(err({ kind: 'render-failed', message }));
    }
  };

  const close = () => {
    clearTimeout(idle);
    child?.kill();
    child = undefined;
  };

  const start = (): ChildProcess => {
    const started = fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    started.on('message', (message: unknown) => {
      const parsed = answer.safeParse(message);
      if (!parsed.success) return;
      const resolve = pending.get(parsed.data.id)?.resolve;
      pending.delete(parsed.data.id);
      resolve?.(parsed.data.ok ? ok(Buffer.from(parsed.data.png)) : err({ kind: 'render-failed', message: parsed.data.message }));
      if (pending.size === 0) idle = setTimeout(close, idleMs);
    });
    started.on('error', (error) => failAllOf(started, `the chart process failed: ${error.message}`));
    started.on('exit', (code, signal) => {
      if (child === started) child = undefined;
      failAllOf(started, `the chart process stopped (${signal ?? `exit code ${code ?? '?'}`})`);
    });
    return started;
  };

  /** Sends one request (`{ chart }` or `{ week }`) to the drawing process, which it starts if none runs. */
  const draw = (request: { readonly chart: UsageChart } | { readonly week: WeekPicture }): Promise<Result<Buffer, ChartFailure>> => {
    clearTimeout(idle);
    child ??= start();
    const id = nextId++;
    const target = child;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        failAllOf(target, `the chart was not drawn within ${timeoutMs / 1000} s`);
        if (child === target) close();
      }, timeoutMs);
      pending.set(id, {
        drawer: target,
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
      });
      target.send({ id, ...request }, (error) => {
        if (error === null || !pending.has(id)) return;
        pending.delete(id);
        resolve(err({ kind: 'render-failed', message: `the chart process could not be reached: ${error.message}` }));
      });
    });
  };

  return {
    render: (chart) => draw({ chart }),
    renderWeek: (week) => draw({ week }),
    close,
  };
}
