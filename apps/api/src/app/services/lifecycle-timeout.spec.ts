import { DAEMON_DEFAULT_START_TIMEOUT_MS, DAEMON_DEFAULT_STOP_GRACE_MS } from '@ipfs-kit/backends';
import { lifecycleTimeoutMs } from './service-lifecycle.service';

describe('lifecycleTimeoutMs', () => {
  it('waits at least 30 s, or the call timeout when it is longer', () => {
    expect(lifecycleTimeoutMs({}, 'start')).toBe(30_000);
    expect(lifecycleTimeoutMs({ timeout_ms: 45_000 }, 'start')).toBe(45_000);
  });

  it("honours a supervised daemon's own start timeout beyond the call timeout", () => {
    expect(lifecycleTimeoutMs({ binary: 'ipfs', timeout_ms: 10_000, start_timeout_ms: 90_000 }, 'start')).toBe(90_000);
  });

  it("waits as long as the supervisor's defaults for a binary whose config sets no timeouts", () => {
    expect(lifecycleTimeoutMs({ binary: 'ipfs' }, 'start')).toBe(DAEMON_DEFAULT_START_TIMEOUT_MS);
    expect(lifecycleTimeoutMs({ binary: 'ipfs' }, 'stop')).toBe(Math.max(30_000, DAEMON_DEFAULT_STOP_GRACE_MS + 5_000));
  });

  it('lets a stop wait the whole grace period and then the kill', () => {
    expect(lifecycleTimeoutMs({ binary: 'lotus', stop_grace_ms: 40_000 }, 'stop')).toBe(45_000);
  });

  it('ignores daemon timeouts of a service that runs no binary (it attaches)', () => {
    expect(lifecycleTimeoutMs({ start_timeout_ms: 90_000, stop_grace_ms: 40_000 }, 'start')).toBe(30_000);
    expect(lifecycleTimeoutMs({ start_timeout_ms: 90_000, stop_grace_ms: 40_000 }, 'stop')).toBe(30_000);
  });
});
