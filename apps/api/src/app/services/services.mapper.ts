import { redactConfig, type RedactedConfig, type ServiceRecord } from '@ipfs-kit/metadata';
import type { BackendStats, StorageInfo } from '@ipfs-kit/backends';
import type { ErrorInfo } from '../common/error-info';
import type { ServiceState } from '../common/service-state';
import type { ServiceMaintenanceStateDto } from './service-maintenance';
import type {
  DependencyStatusDto,
  QuotaResponseDto,
  ReadFreshnessDto,
  ServiceConfigResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  ServiceSummaryDto,
  StorageResponseDto,
} from './services.dto';

/** Seconds a stored value of each kind counts as fresh (docs/architecture.md, "Metadata first"). */
export const FRESHNESS_S = { status: 30, stats: 300, quota: 900, storage: 900 } as const;

/** Times already parsed (a status answer parses each service's twice per read); emptied when large. */
const parsedTimes = new Map<string, number>();
const MAX_PARSED_TIMES = 10_000;

function parseTime(iso: string): number {
  let at = parsedTimes.get(iso);
  if (at === undefined) {
    if (parsedTimes.size >= MAX_PARSED_TIMES) parsedTimes.clear();
    at = Date.parse(iso);
    parsedTimes.set(iso, at);
  }
  return at;
}

/** A record's config without its secrets, built once per record and secret field list (records are replaced, never changed). */
const redactedConfigs = new WeakMap<ServiceRecord, { fields: readonly string[]; redacted: RedactedConfig }>();

function redactedConfigOf(record: ServiceRecord, secretFields: readonly string[]): RedactedConfig {
  const kept = redactedConfigs.get(record);
  if (kept?.fields === secretFields) return kept.redacted;
  const redacted = redactConfig(record.config, secretFields);
  Object.freeze(redacted.config);
  Object.freeze(redacted.secrets);
  redactedConfigs.set(record, { fields: secretFields, redacted });
  return redacted;
}

/** The time `measuredAt` names, in ms; null when there is none or it cannot be read. */
export function timeOf(measuredAt: string | null): number | null {
  if (!measuredAt) return null;
  const at = parseTime(measuredAt);
  return Number.isFinite(at) ? at : null;
}

/** Seconds from `at` to `now` (both in ms), to a tenth, never negative. */
export function ageFrom(at: number, now: number): number {
  return Math.max(0, Math.round((now - at) / 100) / 10);
}

export function ageSeconds(measuredAt: string | null, now = Date.now()): number | null {
  const at = timeOf(measuredAt);
  return at === null ? null : ageFrom(at, now);
}

/** A read is stale when it failed, or when it comes from metadata without an age or older than its limit. */
export function isStale(source: 'metadata' | 'live', age: number | null, limitS: number, error: ErrorInfo | null): boolean {
  return error !== null || (source === 'metadata' && (age === null || age > limitS));
}

export function freshness(
  source: 'metadata' | 'live',
  measuredAt: string | null,
  limitS: number,
  error: ErrorInfo | null = null,
): ReadFreshnessDto {
  const age = ageSeconds(measuredAt);
  return { source, measured_at: measuredAt, age_s: age, stale: isStale(source, age, limitS, error), error };
}

export function mapSummary(record: ServiceRecord, state: ServiceState, supported: boolean): ServiceSummaryDto {
  return {
    name: record.name,
    type: record.type,
    status: state.status,
    health: state.health,
    desired_state: state.desired_state,
    supported,
  };
}

/** The code of the error that says a service's file cannot be read. */
export const UNREADABLE_CODE = 'unreadable_file';

/** A service whose files cannot be read, in the list: named, with the problem. */
export function mapProblemSummary(name: string, type: string | null, problem: string): ServiceSummaryDto {
  return { name, type: type ?? 'unknown', status: 'error', health: 'unknown', desired_state: 'stopped', supported: false, problem };
}

/** A service whose files cannot be read, in the status answers: status `error` and the problem as the error. */
export function mapProblemStatus(name: string, type: string | null, problem: string): ServiceStatusDto {
  const error = { code: UNREADABLE_CODE, message: problem };
  return {
    maintenance: null,
    name,
    type: type ?? 'unknown',
    backend_type: type ?? 'unknown',
    status: 'error',
    health: 'unknown',
    desired_state: 'stopped',
    config: {},
    secrets: {},
    depends_on: [],
    dependencies: [],
    last_check: null,
    last_success: null,
    latency_ms: null,
    version: null,
    consecutive_failures: 0,
    check_count: 0,
    failure_count: 0,
    checking: false,
    supported: false,
    ...freshness('metadata', null, FRESHNESS_S.status, error),
  };
}

/** What one service's status answer is made of (everything mapStatus reads). */
export interface StatusInput {
  record: ServiceRecord;
  state: ServiceState;
  secretFields: readonly string[];
  dependsOn: string[];
  dependencies: DependencyStatusDto[];
  read: ReadFreshnessDto;
  checking: boolean;
  supported: boolean;
  /** The maintenance window covering the service now, null when none. */
  maintenance: ServiceMaintenanceStateDto | null;
}

export function mapStatus(input: StatusInput): ServiceStatusDto {
  const { record, state } = input;
  const redacted = redactedConfigOf(record, input.secretFields);
  return {
    maintenance: input.maintenance,
    name: record.name,
    type: record.type,
    backend_type: record.type,
    status: state.status,
    health: state.health,
    desired_state: state.desired_state,
    config: redacted.config,
    secrets: redacted.secrets,
    depends_on: input.dependsOn,
    dependencies: input.dependencies,
    last_check: state.last_check,
    last_success: state.last_success,
    latency_ms: state.latency_ms,
    version: state.version,
    consecutive_failures: state.consecutive_failures,
    check_count: state.check_count,
    failure_count: state.failure_count,
    checking: input.checking,
    supported: input.supported,
    ...input.read,
    // The answer's error is the live call's, else the last check's.
    error: input.read.error ?? state.error,
  };
}

/** Beside the bare config (GET .../config): which secrets are set, the version and the last update. */
export function mapConfigInfo(record: ServiceRecord, secretFields: readonly string[]): ServiceConfigResponseDto {
  const redacted = redactConfig(record.config, secretFields);
  return {
    name: record.name,
    type: record.type,
    config: redacted.config,
    secrets: redacted.secrets,
    last_updated: record.lastUpdated,
    version: record.version,
    // The store is the source of truth for configs: always fresh.
    source: 'metadata',
    measured_at: record.lastUpdated,
    age_s: ageSeconds(record.lastUpdated),
    stale: false,
    error: null,
  };
}

export function mapStats(service: string, type: string, stats: BackendStats | null, read: ReadFreshnessDto): ServiceStatsResponseDto {
  return {
    service,
    type,
    stats: stats?.values ?? {},
    unknown: stats?.unknown ?? {},
    details: stats?.details ?? null,
    ...read,
  };
}

function storageNumbers(service: string, type: string, info: StorageInfo | null, read: ReadFreshnessDto) {
  return {
    service,
    type,
    used: info?.used ?? null,
    total: info?.total ?? null,
    free: info?.free ?? null,
    objects: info?.objects ?? null,
    basis: info?.source ?? null,
    unknown: (info?.unknown ?? {}) as Record<string, string>,
    ...read,
  };
}

export function mapQuota(service: string, type: string, info: StorageInfo | null, read: ReadFreshnessDto): QuotaResponseDto {
  const numbers = storageNumbers(service, type, info, read);
  return { ...numbers, quota: numbers.total, available: numbers.free };
}

export function mapStorage(
  service: string,
  type: string,
  info: StorageInfo | null,
  declaredQuota: number | null,
  read: ReadFreshnessDto,
): StorageResponseDto {
  const numbers = storageNumbers(service, type, info, read);
  return {
    ...numbers,
    total_size: numbers.total,
    used_size: numbers.used,
    available_size: numbers.free,
    quota: declaredQuota,
  };
}
