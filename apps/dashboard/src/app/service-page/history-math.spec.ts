import type { HistoryPointDto } from '@ipfs-kit/sdk';
import { statusChanges, uptimePercent } from './history-math';

const point = (t: string, up: number, count = 1, error?: string): HistoryPointDto => ({
  t,
  count,
  errors: Math.round((1 - up) * count),
  avg: { up, latency_ms: up ? 10 : null },
  min: {},
  max: {},
  ...(error ? { error } : {}),
});

describe('history math', () => {
  const points = [
    point('2026-01-01T00:00:00Z', 1, 60),
    point('2026-01-01T01:00:00Z', 0.25, 60),
    point('2026-01-01T02:00:00Z', 1, 60),
  ];

  it('weights the uptime by the checks of each point and says null without checks', () => {
    expect(uptimePercent(points, 0)).toBeCloseTo(75);
    expect(uptimePercent(points, Date.parse('2026-01-01T02:00:00Z'))).toBe(100);
    expect(uptimePercent(points, Date.parse('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('lists the changes between up and down, newest first, with their reasons', () => {
    expect(statusChanges(points)).toEqual([
      { t: '2026-01-01T02:00:00Z', to: 'up', reason: 'checks succeed again' },
      { t: '2026-01-01T01:00:00Z', to: 'down', reason: '45 of 60 checks failed' },
    ]);
    expect(
      statusChanges([point('2026-01-01T00:00:00Z', 1), point('2026-01-01T00:00:30Z', 0, 1, 'timeout')])[0].reason,
    ).toBe('check failed: timeout');
  });
});
