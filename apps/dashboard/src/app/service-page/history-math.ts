import type { HistoryPointDto } from '@ipfs-kit/sdk';

export type RangeKey = '1h' | '24h' | '7d' | '30d';
const HOUR = 3_600_000;
export const RANGE_MS: Record<RangeKey, number> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};
export const RANGES = Object.keys(RANGE_MS) as RangeKey[];

/** Share of successful checks among the points at or after `since`, in percent; null when there was no check. */
export function uptimePercent(points: readonly HistoryPointDto[], since: number): number | null {
  let checks = 0;
  let up = 0;
  for (const point of points) {
    if (Date.parse(point.t) < since) continue;
    checks += point.count;
    up += (point.avg['up'] ?? 0) * point.count;
  }
  return checks === 0 ? null : (up / checks) * 100;
}

/** A change of a service's state seen in its history: down (with the error code when known) or up again. */
export interface StatusChange {
  t: string;
  to: 'up' | 'down';
  reason: string;
}

/**
 * The changes between up and down in a history: a point counts as down when most of its
 * checks failed. Raw points carry the error code of a failed check; rolled-up points say
 * how many checks failed.
 */
export function statusChanges(points: readonly HistoryPointDto[]): StatusChange[] {
  const changes: StatusChange[] = [];
  let previous: 'up' | 'down' | null = null;
  for (const point of points) {
    const state = (point.avg['up'] ?? 0) >= 0.5 ? 'up' : 'down';
    if (previous !== null && state !== previous) {
      const reason =
        state === 'up'
          ? 'checks succeed again'
          : point.count === 1
            ? `check failed: ${point.error ?? 'error'}`
            : `${point.errors} of ${point.count} checks failed`;
      changes.push({ t: point.t, to: state, reason });
    }
    previous = state;
  }
  return changes.reverse();
}
