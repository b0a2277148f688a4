import { RestartPolicy } from './daemon-restart-policy';

describe(RestartPolicy.name, () => {
  it('doubles the delay per crash in the window, up to the cap', () => {
    const sut = new RestartPolicy({ initialDelayMs: 1_000, maxDelayMs: 5_000, maxCrashes: 10, windowMs: 60_000 });
    const delays = [0, 1, 2, 3, 4].map((i) => sut.recordCrash(1_000 + i).delayMs);
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('gives up at maxCrashes within the window, and counts only crashes inside it', () => {
    const sut = new RestartPolicy({ initialDelayMs: 100, maxCrashes: 3, windowMs: 10_000 });
    expect(sut.recordCrash(0)).toEqual({ restart: true, delayMs: 100, crashesInWindow: 1 });
    expect(sut.recordCrash(1_000)).toEqual({ restart: true, delayMs: 200, crashesInWindow: 2 });
    expect(sut.recordCrash(2_000)).toEqual({ restart: false, delayMs: 0, crashesInWindow: 3 });
    // 20 s later the old crashes have left the window: back to the first delay.
    expect(sut.recordCrash(22_000)).toEqual({ restart: true, delayMs: 100, crashesInWindow: 1 });
  });

  it('never restarts when disabled, and forgets crashes on reset', () => {
    expect(new RestartPolicy({ enabled: false }).recordCrash(0).restart).toBe(false);
    const sut = new RestartPolicy({ initialDelayMs: 10, maxCrashes: 2 });
    sut.recordCrash(0);
    sut.reset();
    expect(sut.recordCrash(1)).toEqual({ restart: true, delayMs: 10, crashesInWindow: 1 });
  });
});
