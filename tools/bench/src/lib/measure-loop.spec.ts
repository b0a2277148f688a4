import { measureConcurrent, measureSequential } from './measure-loop';

describe(measureSequential.name, () => {
  it('runs the warm-up untimed with negative indexes, then times up to maxCount runs in order', async () => {
    const calls: number[] = [];
    const sut = await measureSequential(async (i) => void calls.push(i), { maxCount: 5, maxMs: 60_000, warmup: 2 });
    expect(calls).toEqual([-1, -2, 0, 1, 2, 3, 4]);
    expect(sut?.count).toBe(5);
  });

  it('stops starting runs once maxMs has passed', async () => {
    let runs = 0;
    const sut = await measureSequential(
      async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
      { maxCount: 1_000, maxMs: 100 },
    );
    expect(runs).toBeLessThan(1_000);
    expect(sut?.count).toBe(runs);
  });

  it('gives null when there was no time for a single run', async () => {
    await expect(measureSequential(async () => undefined, { maxCount: 10, maxMs: 0 })).resolves.toBeNull();
  });

  it('lets an error of the operation through', async () => {
    await expect(
      measureSequential(async () => Promise.reject(new Error('backend down')), { maxCount: 3, maxMs: 1_000 }),
    ).rejects.toThrow('backend down');
  });
});

describe(measureConcurrent.name, () => {
  it('shares one budget of runs between the workers, each index once, with several in flight', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const sut = await measureConcurrent(
      async (i) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(i);
        inFlight -= 1;
      },
      4,
      { maxCount: 20, maxMs: 60_000 },
    );
    expect(sut?.count).toBe(20);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(mostInFlight).toBe(4);
  });
});
