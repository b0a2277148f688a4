import { Injectable } from '@nestjs/common';
import { DEFAULT_TIMEOUT_MS, type BackendStats, type StorageInfo } from '@ipfs-kit/backends';
import type { JsonObject, ServiceRecord } from '@ipfs-kit/metadata';
import { withTimeout } from '../common/deadline';
import { errorInfo, type ErrorInfo } from '../common/error-info';
import { SecretRedactor } from '../store/secret-redactor';
import { ServiceChecker } from './service-checker.service';
import { dependenciesOf } from './service-dependencies';
import { ServiceManager } from './service-manager.service';
import { ServiceSnapshotStore, type ReadKind, type StoredRead } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import type {
  QuotaResponseDto,
  ReadFreshnessDto,
  ServiceConfigResponseDto,
  ServiceListResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  StorageResponseDto,
} from './services.dto';
import { ageSeconds, FRESHNESS_S, freshness, mapConfig, mapQuota, mapStats, mapStatus, mapStorage, mapSummary } from './services.mapper';

interface ReadResult<T> {
  value: T | null;
  read: ReadFreshnessDto;
}

/**
 * Metadata-first reads: a stored value fresh enough for its kind is answered from the
 * store; otherwise the backend is asked and the answer stored. `refresh` forces the
 * live call; a failed live call answers the last stored value, stale, with the error.
 */
@Injectable()
export class ServiceReads {
  private readonly liveReads = new Map<string, Promise<unknown>>();

  constructor(
    private readonly manager: ServiceManager,
    private readonly checker: ServiceChecker,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly redactor: SecretRedactor,
  ) {}

  async list(): Promise<ServiceListResponseDto> {
    const all = await this.manager.list();
    const details = await Promise.all(
      all.map(async (record) => mapSummary(record, await this.states.get(record.name), this.manager.isSupported(record.type))),
    );
    return { services: all.map((record) => record.name), available_types: this.manager.availableTypes(), details };
  }

  /** One status. A check already running (a slow backend) is not waited for unless `refresh`. */
  async status(name: string, refresh: boolean): Promise<ServiceStatusDto> {
    const record = await this.manager.get(name);
    return this.statusOf(record, await this.manager.list(), refresh, refresh || !this.checker.isChecking(name));
  }

  /**
   * Every service's status. Without `refresh` nothing waits for a backend: a stale
   * status starts a check in the background and is answered from the store, so one hung
   * backend never delays the list.
   */
  async allStatuses(refresh: boolean): Promise<Record<string, ServiceStatusDto>> {
    const all = await this.manager.list();
    const statuses = await Promise.all(all.map((record) => this.statusOf(record, all, refresh, refresh)));
    const out: Record<string, ServiceStatusDto> = {};
    for (const status of statuses) out[status.name] = status;
    return out;
  }

  async config(name: string): Promise<ServiceConfigResponseDto> {
    const record = await this.manager.get(name);
    return mapConfig(record, this.manager.secretFields(record.type));
  }

  async stats(name: string, refresh: boolean): Promise<ServiceStatsResponseDto> {
    const record = await this.manager.get(name);
    const { value, read } = await this.read<BackendStats>(record, 'stats', refresh);
    return mapStats(record.name, record.type, value, read);
  }

  async quota(name: string, refresh: boolean): Promise<QuotaResponseDto> {
    const record = await this.manager.get(name);
    const { value, read } = await this.read<StorageInfo>(record, 'quota', refresh);
    return mapQuota(record.name, record.type, value, read);
  }

  async storage(name: string, refresh: boolean): Promise<StorageResponseDto> {
    const record = await this.manager.get(name);
    const { value, read } = await this.read<StorageInfo>(record, 'storage', refresh);
    const declared = record.config['quota_bytes'];
    return mapStorage(record.name, record.type, value, typeof declared === 'number' ? declared : null, read);
  }

  private async statusOf(record: ServiceRecord, all: ServiceRecord[], refresh: boolean, wait: boolean): Promise<ServiceStatusDto> {
    let state = await this.states.get(record.name);
    const supported = this.manager.isSupported(record.type);
    const measuredAt = state.last_check ?? state.last_updated;
    const wanted = state.desired_state === 'started';
    const limit = wanted ? FRESHNESS_S.status : Number.POSITIVE_INFINITY;
    let read: ReadFreshnessDto;
    const age = ageSeconds(measuredAt);
    const needsLive = supported && wanted && (refresh || age === null || age > FRESHNESS_S.status);
    if (!supported) {
      read = freshness('metadata', measuredAt, limit, { code: 'unsupported', message: `no driver for service type "${record.type}" is installed` });
    } else if (!needsLive) {
      read = freshness('metadata', measuredAt, limit);
    } else if (!wait) {
      if (!this.checker.isChecking(record.name)) void this.checker.check(record.name, 'read').catch(() => undefined);
      read = freshness('metadata', measuredAt, limit);
    } else {
      const outcome = await this.checker.check(record.name, 'read');
      state = outcome.state;
      read = freshness('live', state.last_check, limit, outcome.error);
    }
    const dependsOn = dependenciesOf(record, all);
    const dependencies = await Promise.all(
      dependsOn.map(async (dependency) => {
        const exists = all.some((item) => item.name === dependency);
        const dependencyState = exists ? await this.states.get(dependency) : null;
        return {
          name: dependency,
          exists,
          status: dependencyState?.status ?? 'unknown',
          health: dependencyState?.health ?? 'unknown',
        };
      }),
    );
    return mapStatus({
      record,
      state,
      secretFields: this.manager.secretFields(record.type),
      dependsOn,
      dependencies,
      read,
      checking: this.checker.isChecking(record.name),
      supported,
    });
  }

  private async read<T>(record: ServiceRecord, kind: ReadKind, refresh: boolean): Promise<ReadResult<T>> {
    const limit = FRESHNESS_S[kind];
    if (!this.manager.isSupported(record.type)) {
      return { value: null, read: freshness('metadata', null, limit, { code: 'unsupported', message: `no driver for service type "${record.type}" is installed` }) };
    }
    if (!this.manager.driver(record.type).capabilities[kind]) {
      return { value: null, read: freshness('metadata', null, limit, { code: 'unsupported', message: `${record.type} services do not report ${kind}` }) };
    }
    const stored = (await this.snapshots.get(record.name))?.data[kind];
    const age = ageSeconds(stored?.measured_at ?? null);
    if (!refresh && stored?.value && age !== null && age <= limit) {
      return { value: stored.value as unknown as T, read: freshness('metadata', stored.measured_at, limit) };
    }
    try {
      const value = await this.live<T>(record.name, kind);
      const measuredAt = new Date().toISOString();
      await this.snapshots.update(record.name, (data) => ({
        ...data,
        [kind]: { value: value as unknown as JsonObject, measured_at: measuredAt, error: null, error_at: null } satisfies StoredRead,
      }));
      return { value, read: freshness('live', measuredAt, limit) };
    } catch (failure) {
      const error: ErrorInfo = errorInfo(failure, (text) => this.redactor.redact(text));
      if (await this.manager.exists(record.name)) {
        await this.snapshots.update(record.name, (data) => ({
          ...data,
          [kind]: { value: data[kind]?.value ?? null, measured_at: data[kind]?.measured_at ?? null, error, error_at: new Date().toISOString() },
        }));
      }
      return { value: (stored?.value ?? null) as T | null, read: freshness('metadata', stored?.measured_at ?? null, limit, error) };
    }
  }

  /** One live call per service and kind at a time; concurrent readers share it. */
  private live<T>(name: string, kind: ReadKind): Promise<T> {
    const key = `${name}\u0000${kind}`;
    const running = this.liveReads.get(key);
    if (running) return running as Promise<T>;
    const call = (async () => {
      const { connection, config } = await this.manager.connect(name);
      const timeoutMs = config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
      const work = connection[kind]({ timeoutMs }) as Promise<unknown>;
      return (await withTimeout(work, timeoutMs + 2_000, `${kind} of ${name}`)) as T;
    })().finally(() => this.liveReads.delete(key));
    this.liveReads.set(key, call);
    return call;
  }
}
