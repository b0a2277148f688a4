import { FieldValidationException } from '../http/error-response';
import type { Resolution } from './history-aggregate';
import type { HistoryQuery } from './history.store';
import type { HistoryQueryDto } from './monitoring.dto';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The validated time range and resolution of a history request. */
export function historyRange(query: HistoryQueryDto, now = Date.now()): HistoryQuery {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - HOUR;
  if (!Number.isFinite(to)) throw new FieldValidationException([{ field: 'to', messages: ['must be an ISO 8601 date-time'] }]);
  if (!Number.isFinite(from)) throw new FieldValidationException([{ field: 'from', messages: ['must be an ISO 8601 date-time'] }]);
  if (from >= to) throw new FieldValidationException([{ field: 'from', messages: ['must be before to'] }]);
  return { from, to, resolution: query.resolution ?? defaultResolution(to - from), limit: query.limit ?? 2_000 };
}

export function defaultResolution(spanMs: number): Resolution {
  if (spanMs <= 2 * HOUR) return 'raw';
  if (spanMs <= 2 * DAY) return 'minute';
  if (spanMs <= 60 * DAY) return 'hour';
  return 'day';
}
