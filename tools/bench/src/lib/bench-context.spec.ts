import { BenchBudget, PLANNED_BUDGET_S } from './bench-context';

describe(BenchBudget.name, () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 0));

  it('gives the planned limits with the planned budget', () => {
    const sut = new BenchBudget(PLANNED_BUDGET_S, false, clock);
    expect(sut.limits(1_000, 6_000, 20)).toEqual({ maxCount: 1_000, maxMs: 6_000, warmup: 20 });
  });

  it('quick: a fifth of the runs (at least 5), a quarter of the time, one warm-up run', () => {
    const sut = new BenchBudget(PLANNED_BUDGET_S, true, clock);
    expect(sut.limits(1_000, 8_000, 20)).toEqual({ maxCount: 200, maxMs: 2_000, warmup: 1 });
    expect(sut.limits(10, 8_000).maxCount).toBe(5);
  });

  it('a smaller budget shrinks the loop times alike', () => {
    expect(new BenchBudget(PLANNED_BUDGET_S / 2, false, clock).limits(100, 6_000).maxMs).toBe(3_000);
  });

  it('never plans past the end of the budget minus what is reserved for later sections', () => {
    const sut = new BenchBudget(PLANNED_BUDGET_S, false, clock);
    now = PLANNED_BUDGET_S * 1000 - 5_000;
    expect(sut.remainingMs()).toBe(5_000);
    expect(sut.limits(100, 6_000).maxMs).toBe(5_000);
    expect(sut.limits(100, 6_000, 0, 4_000).maxMs).toBe(1_000);
    now = PLANNED_BUDGET_S * 1000 + 10_000;
    expect(sut.remainingMs()).toBe(0);
    expect(sut.limits(100, 6_000, 0, 4_000).maxMs).toBe(0);
  });
});
