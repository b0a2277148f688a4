import { lifecycleTimeoutMs } from './service-lifecycle.service';

describe('lifecycleTimeoutMs', () => {
  it('waits at least 30 s, or the call timeout when it is longer', () => {
    expect(lifecycleTimeoutMs({}, 'start')).toBe(30_000);
    expect(lifecycleTimeoutMs({ timeout_ms: 45_000 }, 'start')).toBe(45_000);
  });

  it("honours a daemon's own start timeout beyond the call timeout", () => {
    expect(lifecycleTimeoutMs({ timeout_ms: 10_000, start_timeout_ms: 60_000 }, 'start')).toBe(60_000);
  });

  it('lets a stop wait the whole grace period and then the kill', () => {
    expect(lifecycleTimeoutMs({ stop_grace_ms: 40_000 }, 'stop')).toBe(45_000);
    expect(lifecycleTimeoutMs({ stop_grace_ms: 40_000 }, 'start')).toBe(30_000);
  });
});
