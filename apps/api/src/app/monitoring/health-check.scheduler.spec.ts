import { backoffMs, checkJobName } from './health-check.scheduler';

describe('backoffMs', () => {
  const interval = 30_000;

  it('does not back off before the service is unhealthy', () => {
    expect(backoffMs(0, 3, 8, interval)).toBe(0);
    expect(backoffMs(1, 3, 8, interval)).toBe(0);
    expect(backoffMs(2, 3, 8, interval)).toBe(0);
  });

  it('doubles the wait while the service stays down, up to the cap', () => {
    expect(backoffMs(3, 3, 8, interval)).toBe(1.5 * interval);
    expect(backoffMs(4, 3, 8, interval)).toBe(3.5 * interval);
    expect(backoffMs(5, 3, 8, interval)).toBe(7.5 * interval);
    expect(backoffMs(9, 3, 8, interval)).toBe(7.5 * interval);
  });

  it('is off with a cap of 1', () => {
    expect(backoffMs(10, 1, 1, interval)).toBe(0);
  });

  it('names jobs <module>.<verb-noun>', () => {
    expect(checkJobName('s3-archive')).toBe('monitoring.check-s3-archive');
  });
});
