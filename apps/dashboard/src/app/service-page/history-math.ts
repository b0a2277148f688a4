import type { HistoryPointDto, StatusChangeDto } from '@ipfs-kit/sdk';

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

/** One line of the timeline: a stored status change with its reason. */
export interface TimelineEntry {
  t: string;
  /** "error, unhealthy" */
  to: string;
  reason: string;
  /** The service went down or got worse (shown in the error colour). */
  bad: boolean;
}

/** The stored status changes (newest first, as the API answers them) as timeline lines. */
export function timelineEntries(changes: readonly StatusChangeDto[]): TimelineEntry[] {
  return changes.map((change) => ({
    t: change.at,
    to: `${change.to_status}, ${change.to_health}`,
    reason: change.code ? `${change.code}: ${change.reason}` : change.reason,
    bad: change.to_status === 'error' || change.to_health === 'unhealthy' || change.to_health === 'degraded',
  }));
}
