import type { ProgressLog } from '@ipfs-kit/testbed';
import type { BenchOptions } from './bench-options';
import type { LoopLimits } from './measure-loop';

/** What every section gets: the options, the log, a scratch folder and the time budget. */
export interface BenchContext {
  options: BenchOptions;
  log: ProgressLog;
  /** A temp folder of this run, removed at the end. */
  workDir: string;
  budget: BenchBudget;
}

/** The loop times in the sections are planned for this budget; a smaller one shrinks them alike. */
export const PLANNED_BUDGET_S = 150;

/** Time left for the whole run; loops are cut to fit and quick mode shrinks them. */
export class BenchBudget {
  private readonly endsAt: number;
  private readonly timeScale: number;

  constructor(
    budgetS: number,
    private readonly quick: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.endsAt = now() + budgetS * 1000;
    this.timeScale = Math.min(1, budgetS / PLANNED_BUDGET_S) * (quick ? 0.25 : 1);
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  /**
   * Limits for one loop: quick mode runs a fifth of the count for a quarter of the time,
   * a budget below the planned one shrinks the time alike; never longer than what is
   * left minus `reserveMs` (for the sections still to come).
   */
  limits(maxCount: number, maxMs: number, warmup = 0, reserveMs = 0): LoopLimits {
    const count = this.quick ? Math.max(5, Math.ceil(maxCount / 5)) : maxCount;
    const time = maxMs * this.timeScale;
    return {
      maxCount: count,
      maxMs: Math.max(0, Math.min(time, this.remainingMs() - reserveMs)),
      warmup: this.quick ? Math.min(warmup, 1) : warmup,
    };
  }
}
