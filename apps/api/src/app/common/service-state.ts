/** Status values of the original system. */
export const SERVICE_STATUSES = ['stopped', 'starting', 'running', 'error', 'unknown'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const SERVICE_HEALTHS = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;
export type ServiceHealth = (typeof SERVICE_HEALTHS)[number];

export const DESIRED_STATES = ['started', 'stopped'] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

export interface StoredError {
  code: string;
  message: string;
}

/**
 * What `state/<name>.json` holds for a service. `status` and `last_updated` keep the
 * original's names; the rest is what the scheduler needs to survive a restart.
 */
export interface ServiceState {
  status: ServiceStatus;
  desired_state: DesiredState;
  health: ServiceHealth;
  last_updated: string;
  /** When the last probe finished. */
  last_check: string | null;
  last_success: string | null;
  latency_ms: number | null;
  version: string | null;
  consecutive_failures: number;
  check_count: number;
  failure_count: number;
  error: StoredError | null;
}

export function initialState(now = new Date()): ServiceState {
  return {
    status: 'stopped',
    desired_state: 'stopped',
    health: 'unknown',
    last_updated: now.toISOString(),
    last_check: null,
    last_success: null,
    latency_ms: null,
    version: null,
    consecutive_failures: 0,
    check_count: 0,
    failure_count: 0,
    error: null,
  };
}

/**
 * Reads a stored state leniently: a state written by the original (only `status`,
 * `last_updated`, `config_hash`) or by an older version gets defaults for the rest.
 */
export function normalizeState(raw: unknown): ServiceState {
  const base = initialState();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return base;
  const value = raw as Record<string, unknown>;
  const status = oneOf(value['status'], SERVICE_STATUSES, base.status);
  return {
    status,
    // The original kept no desired state: a service it saw running is wanted running.
    desired_state: oneOf(value['desired_state'], DESIRED_STATES, status === 'running' ? 'started' : 'stopped'),
    health: oneOf(value['health'], SERVICE_HEALTHS, base.health),
    last_updated: stringOr(value['last_updated'], base.last_updated),
    last_check: stringOr(value['last_check'], null),
    last_success: stringOr(value['last_success'], null),
    latency_ms: numberOr(value['latency_ms'], null),
    version: stringOr(value['version'], null),
    consecutive_failures: numberOr(value['consecutive_failures'], 0) ?? 0,
    check_count: numberOr(value['check_count'], 0) ?? 0,
    failure_count: numberOr(value['failure_count'], 0) ?? 0,
    error: errorOr(value['error']),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function stringOr<T extends string | null>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function numberOr<T extends number | null>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function errorOr(value: unknown): StoredError | null {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? { code: 'error', message: value } : null;
  const record = value as Record<string, unknown>;
  return typeof record['message'] === 'string'
    ? { code: typeof record['code'] === 'string' ? record['code'] : 'error', message: record['message'] }
    : null;
}
