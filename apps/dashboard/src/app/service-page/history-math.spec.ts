import type { HistoryPointDto, StatusChangeDto } from '@ipfs-kit/sdk';
import { timelineEntries, uptimePercent } from './history-math';

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

  it('turns the stored status changes into timeline lines with their reasons, bad ones marked', () => {
    const change = (at: string, to: StatusChangeDto['to_status'], health: StatusChangeDto['to_health'], code: string | null, reason: string): StatusChangeDto => ({
      at,
      from_status: 'running',
      from_health: 'healthy',
      to_status: to,
      to_health: health,
      code,
      reason,
    });
    expect(
      timelineEntries([
        change('2026-01-01T02:00:00Z', 'running', 'healthy', null, 'checks succeed again'),
        change('2026-01-01T01:00:00Z', 'error', 'unhealthy', 'not_found', 'folder *** is gone'),
      ]),
    ).toEqual([
      { t: '2026-01-01T02:00:00Z', to: 'running, healthy', reason: 'checks succeed again', bad: false },
      { t: '2026-01-01T01:00:00Z', to: 'error, unhealthy', reason: 'not_found: folder *** is gone', bad: true },
    ]);
  });
});
