import { summarizeLatencies, type LatencySummary } from './latency-stats';

export interface LoopLimits {
  /** At most this many timed runs. */
  maxCount: number;
  /** Stop starting new runs after this long (the run in progress finishes). */
  maxMs: number;
  /** Untimed runs first (JIT, caches, connections). */
  warmup?: number;
}

/**
 * Runs `operation(i)` one after the other, timing each with performance.now(), until
 * `maxCount` runs or `maxMs` elapsed, whichever comes first. An operation that throws
 * stops the loop and the error propagates.
 */
export async function measureSequential(
  operation: (i: number) => Promise<unknown>,
  limits: LoopLimits,
): Promise<LatencySummary | null> {
  for (let i = 0; i < (limits.warmup ?? 0); i += 1) await operation(-1 - i);
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < limits.maxCount && performance.now() - started < limits.maxMs) {
    const before = performance.now();
    await operation(samples.length);
    samples.push(performance.now() - before);
  }
  return summarizeLatencies(samples, performance.now() - started);
}

/**
 * `workers` loops side by side, sharing one budget of `maxCount` runs and `maxMs`; the
 * latency of each run plus the throughput of all of them together.
 */
export async function measureConcurrent(
  operation: (i: number) => Promise<unknown>,
  workers: number,
  limits: LoopLimits,
): Promise<LatencySummary | null> {
  for (let i = 0; i < (limits.warmup ?? 0); i += 1) await operation(-1 - i);
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < limits.maxCount && performance.now() - started < limits.maxMs) {
      const index = next;
      next += 1;
      const before = performance.now();
      await operation(index);
      samples.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return summarizeLatencies(samples, performance.now() - started);
}
