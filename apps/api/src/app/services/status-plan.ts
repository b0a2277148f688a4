import type { ErrorInfo } from '../common/error-info';
import type { ServiceState } from '../common/service-state';
import type { ReadFreshnessDto } from './services.dto';
import { ageFrom, FRESHNESS_S, isStale, timeOf } from './services.mapper';

/**
 * What decides a status read from memory, the clock aside: when the stored status was
 * measured, how long it stays fresh (FRESHNESS_S.status for a service wanted started,
 * always for one stopped), and whether its type has a driver (without one it is never
 * checked and always stale, with the error).
 */
export interface StatusBasis {
  measuredAt: string | null;
  /** measuredAt in ms; null when there is none or it cannot be read. */
  at: number | null;
  limit: number;
  wanted: boolean;
  supported: boolean;
  error: ErrorInfo | null;
}

export function statusBasis(type: string, state: ServiceState, supported: boolean): StatusBasis {
  const measuredAt = state.last_check ?? state.last_updated;
  const wanted = state.desired_state === 'started';
  return {
    measuredAt,
    at: timeOf(measuredAt),
    limit: wanted ? FRESHNESS_S.status : Number.POSITIVE_INFINITY,
    wanted,
    supported,
    error: supported ? null : { code: 'unsupported', message: `no driver for service type "${type}" is installed` },
  };
}

/** The stored status's age at `now` (ms), null when it has no measured time. */
export function statusAge(basis: StatusBasis, now: number): number | null {
  return basis.at === null ? null : ageFrom(basis.at, now);
}

export function statusStale(basis: StatusBasis, age: number | null): boolean {
  return isStale('metadata', age, basis.limit, basis.error);
}

/** Metadata first: a live check is due for a supported service wanted started whose status is older than its freshness, or always with `refresh`. */
export function statusCheckDue(basis: StatusBasis, age: number | null, refresh: boolean): boolean {
  return basis.supported && basis.wanted && (refresh || age === null || age > FRESHNESS_S.status);
}

/** The read of the stored status at `age`. */
export function statusRead(basis: StatusBasis, age: number | null): ReadFreshnessDto {
  return { source: 'metadata', measured_at: basis.measuredAt, age_s: age, stale: statusStale(basis, age), error: basis.error };
}
