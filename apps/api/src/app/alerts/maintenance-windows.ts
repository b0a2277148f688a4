/** Days of the week as in Date#getUTCDay. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A time during which the covered services raise no alert and show "maintenance":
 * once (`starts_at` to `ends_at`) or weekly (on `weekdays`, from `start_time` UTC for
 * `duration_s`).
 */
export interface MaintenanceWindow {
  name: string;
  kind: 'once' | 'weekly';
  /** Service names; empty with `types` empty: every service. */
  services: string[];
  types: string[];
  starts_at: string | null;
  ends_at: string | null;
  weekdays: Weekday[];
  /** HH:MM, UTC. */
  start_time: string | null;
  duration_s: number | null;
  comment: string;
}

/** A validated request body (or backup entry) of a window. */
export interface WindowInput {
  kind: 'once' | 'weekly';
  services?: string[];
  types?: string[];
  starts_at?: string | null;
  ends_at?: string | null;
  weekdays?: Weekday[];
  start_time?: string | null;
  duration_s?: number | null;
  comment?: string;
}

/** The stored window for a validated input: only the fields of its kind, lists sorted and without repeats. */
export function windowFromInput(name: string, input: WindowInput): MaintenanceWindow {
  return {
    name,
    kind: input.kind,
    services: [...new Set(input.services ?? [])].sort(),
    types: [...new Set(input.types ?? [])].sort(),
    starts_at: input.kind === 'once' ? (input.starts_at ?? null) : null,
    ends_at: input.kind === 'once' ? (input.ends_at ?? null) : null,
    weekdays: input.kind === 'weekly' ? [...new Set(input.weekdays ?? [])] : [],
    start_time: input.kind === 'weekly' ? (input.start_time ?? null) : null,
    duration_s: input.kind === 'weekly' ? (input.duration_s ?? null) : null,
    comment: input.comment ?? '',
  };
}

const DAY_MS = 24 * 3600 * 1000;

/** The window's period that contains `now`, or null. */
export function activePeriod(window: MaintenanceWindow, now: Date): { from: Date; until: Date } | null {
  if (window.kind === 'once') {
    const from = new Date(window.starts_at ?? '');
    const until = new Date(window.ends_at ?? '');
    return from <= now && now < until ? { from, until } : null;
  }
  const [hours, minutes] = (window.start_time ?? '00:00').split(':').map(Number);
  const durationMs = (window.duration_s ?? 0) * 1000;
  // A weekly period may have started on one of the previous days and still run.
  const lookBackDays = Math.min(7, Math.ceil(durationMs / DAY_MS));
  for (let back = 0; back <= lookBackDays; back += 1) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back, hours, minutes));
    if (!window.weekdays.includes(WEEKDAYS[day.getUTCDay()])) continue;
    const until = new Date(day.getTime() + durationMs);
    if (day <= now && now < until) return { from: day, until };
  }
  return null;
}

export function windowCovers(window: MaintenanceWindow, service: string, type: string | null): boolean {
  if (window.services.length === 0 && window.types.length === 0) return true;
  return window.services.includes(service) || (type !== null && window.types.includes(type));
}

/** The active window covering the service, if any. */
export function maintenanceFor(
  windows: readonly MaintenanceWindow[],
  service: string,
  type: string | null,
  now: Date,
): { window: string; until: string } | null {
  for (const window of windows) {
    if (!windowCovers(window, service, type)) continue;
    const period = activePeriod(window, now);
    if (period) return { window: window.name, until: period.until.toISOString() };
  }
  return null;
}

/** Problems a window's fields cannot show one by one (order of the times, fields of its kind). */
export function windowProblems(window: MaintenanceWindow): Array<{ field: string; messages: string[] }> {
  if (window.kind === 'once') {
    const problems: Array<{ field: string; messages: string[] }> = [];
    const from = Date.parse(window.starts_at ?? '');
    const until = Date.parse(window.ends_at ?? '');
    if (Number.isNaN(from)) problems.push({ field: 'starts_at', messages: ['starts_at must be an ISO 8601 time for a one-off window'] });
    if (Number.isNaN(until)) problems.push({ field: 'ends_at', messages: ['ends_at must be an ISO 8601 time for a one-off window'] });
    else if (!Number.isNaN(from) && until <= from) problems.push({ field: 'ends_at', messages: ['ends_at must be after starts_at'] });
    return problems;
  }
  const problems: Array<{ field: string; messages: string[] }> = [];
  if (window.weekdays.length === 0) problems.push({ field: 'weekdays', messages: ['a weekly window needs at least one weekday'] });
  if (window.start_time === null) problems.push({ field: 'start_time', messages: ['a weekly window needs start_time (HH:MM, UTC)'] });
  if (window.duration_s === null) problems.push({ field: 'duration_s', messages: ['a weekly window needs duration_s'] });
  return problems;
}
