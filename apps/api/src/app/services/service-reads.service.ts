import { BY_NAME } from '../common/by-name';
import { ServiceMaintenance } from './service-maintenance';
import { Injectable } from '@nestjs/common';
import type { BackendStats, StorageInfo } from '@ipfs-kit/backends';
import type { JsonObject, ServiceRecord } from '@ipfs-kit/metadata';
import { errorInfo, type ErrorInfo } from '../common/error-info';
import { SecretRedactor } from '../store/secret-redactor';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceChecker } from './service-checker.service';
import { ServiceConnections } from './service-connections.service';
import { dependenciesOf } from './service-dependencies';
import { ServiceSnapshotStore, type ReadKind, type SnapshotData, type StoredRead } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import type {
  ConfigUpdateResponseDto,
  QuotaResponseDto,
  ReadFreshnessDto,
  ServiceConfigResponseDto,
  ServiceListResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  StorageResponseDto,
} from './services.dto';
import type { ServiceState } from '../common/service-state';
import { ageSeconds, FRESHNESS_S, freshness, mapConfigInfo, mapProblemStatus, mapProblemSummary, mapQuota, mapStats, mapStatus, mapStorage, mapSummary, type StatusInput } from './services.mapper';
import { withSecretPlaceholders } from './config-secrets';
import { ServiceEventsService } from '../events/service-events.service';
import { statusAge, statusBasis, statusCheckDue, statusRead, type StatusBasis } from './status-plan';
import { storageFigures } from './storage-sample';

/** One service of allStatuses(false): its status parts and what its freshness is decided from, or (a file that cannot be read) its problem status. */
export type StatusNow = { name: string; input: StatusInput; basis: StatusBasis; problem: null } | { name: string; input: null; basis: null; problem: ServiceStatusDto };

const statusOfNow = (status: StatusNow): ServiceStatusDto => (status.input ? mapStatus(status.input) : status.problem);

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
    private readonly catalog: ServiceCatalog,
    private readonly connections: ServiceConnections,
    private readonly checker: ServiceChecker,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly redactor: SecretRedactor,
    private readonly maintenance: ServiceMaintenance,
    private readonly events: ServiceEventsService,
  ) {}

  /** Every service with its status; a service whose files cannot be read is listed with the problem. */
  list(): ServiceListResponseDto {
    const details = this.catalog.list().map((record) => {
      const state = this.states.peek(record.name);
      return state ? mapSummary(record, state, this.catalog.isSupported(record.type)) : mapProblemSummary(record.name, record.type, this.problemOf(record.name));
    });
    for (const problem of this.catalog.problems()) {
      if (!this.catalog.find(problem.name)) details.push(mapProblemSummary(problem.name, null, problem.message));
    }
    details.sort((a, b) => BY_NAME.compare(a.name, b.name));
    return { services: details.map((detail) => detail.name), available_types: this.catalog.availableTypes(), details };
  }

  /** One status. A check already running (a slow backend) is not waited for unless `refresh`. */
  async status(name: string, refresh: boolean): Promise<ServiceStatusDto> {
    const record = this.catalog.get(name);
    return this.statusOf(record, refresh, refresh || !this.checker.isChecking(name));
  }

  /**
   * Every service's status. Without `refresh` nothing waits for a backend: a stale
   * status starts a check in the background and is answered from memory, so one hung
   * backend never delays the list. A service whose files cannot be read is answered
   * with status `error` and the problem.
   */
  async allStatuses(refresh: boolean): Promise<Record<string, ServiceStatusDto>> {
    const out: Record<string, ServiceStatusDto> = {};
    const statuses = refresh
      ? [...(await Promise.all(this.catalog.list().map((record) => this.statusOrProblem(record, true)))), ...this.problemsWithoutRecord()]
      : this.statusesNow().map(statusOfNow);
    for (const status of statuses) out[status.name] = status;
    return out;
  }

  /**
   * What allStatuses(false) answers, in its order, before it is mapped: each readable
   * service's status parts now (a stale status starts its check in the background), then
   * each service known only by its problem.
   */
  statusesNow(): StatusNow[] {
    const out: StatusNow[] = this.catalog.list().map((record) => this.statusNow(record));
    for (const problem of this.problemsWithoutRecord()) out.push({ name: problem.name, input: null, basis: null, problem });
    return out;
  }

  /** The bare config, each stored secret as the placeholder (what PUT takes back unchanged). */
  config(name: string): Record<string, unknown> {
    const record = this.catalog.get(name);
    return withSecretPlaceholders(record.config, this.catalog.secretFields(record.type));
  }

  /** What the dashboard needs beside the bare config: which secrets are set, version, last update. */
  configInfo(name: string): ServiceConfigResponseDto {
    const record = this.catalog.get(name);
    return mapConfigInfo(record, this.catalog.secretFields(record.type));
  }

  /** The answer of PUT and PATCH once the update is stored. */
  async configUpdated(name: string, update: Promise<ServiceRecord>): Promise<ConfigUpdateResponseDto> {
    const record = await update;
    return { success: true, message: `Configuration updated for ${name}`, config: mapConfigInfo(record, this.catalog.secretFields(record.type)) };
  }

  async stats(name: string, refresh: boolean): Promise<ServiceStatsResponseDto> {
    const record = this.catalog.get(name);
    const { value, read } = await this.read<BackendStats>(record, 'stats', refresh);
    return mapStats(record.name, record.type, value, read);
  }

  async quota(name: string, refresh: boolean): Promise<QuotaResponseDto> {
    const record = this.catalog.get(name);
    const { value, read } = await this.read<StorageInfo>(record, 'quota', refresh);
    return mapQuota(record.name, record.type, value, read);
  }

  async storage(name: string, refresh: boolean): Promise<StorageResponseDto> {
    const record = this.catalog.get(name);
    const { value, read } = await this.read<StorageInfo>(record, 'storage', refresh);
    return mapStorage(record.name, record.type, value, declaredQuota(record), read);
  }

  /**
   * Storage and quota measured again when their stored values (or their last failures) are
   * older than their freshness: the coarse cadence (15 min) the scheduler keeps for the
   * storage history. Never throws; a type that reports neither asks nothing. Resolves
   * true when the backend was asked (something was stale).
   */
  async refreshStaleStorage(name: string): Promise<boolean> {
    const record = this.catalog.find(name);
    if (!record) return false;
    const stale = this.staleStorageKinds(record);
    let measured: string | null = null;
    for (const kind of stale) {
      const { read } = await this.read(record, kind, false, true);
      if (read.source === 'live') measured = read.measured_at;
    }
    // One sample for both reads (storage and quota measured together).
    if (measured && this.catalog.exists(name)) this.storageMeasured(record, measured);
    return stale.length > 0;
  }

  /** Whether refreshStaleStorage would ask the backend now (from memory, nothing awaited). */
  hasStaleStorage(name: string): boolean {
    const record = this.catalog.find(name);
    return record !== null && this.staleStorageKinds(record).length > 0;
  }

  /** The storage reads of the service's type whose stored value and last failure are both older than their freshness. */
  private staleStorageKinds(record: ServiceRecord): Array<'storage' | 'quota'> {
    if (!this.catalog.isSupported(record.type)) return [];
    const capabilities = this.catalog.driver(record.type).capabilities;
    const data = this.snapshots.peek(record.name)?.data;
    return (['storage', 'quota'] as const).filter((kind) => {
      if (!capabilities[kind]) return false;
      const stored = data?.[kind];
      const ages = [ageSeconds(stored?.measured_at ?? null), ageSeconds(stored?.error_at ?? null)].filter((age): age is number => age !== null);
      return ages.length === 0 || Math.min(...ages) > FRESHNESS_S[kind];
    });
  }

  private problemOf(name: string): string {
    return this.catalog.problems().find((problem) => problem.name === name)?.message ?? 'the service cannot be read';
  }

  /** Services whose config cannot be read, as status `error` with the problem. */
  private problemsWithoutRecord(): ServiceStatusDto[] {
    return this.catalog
      .problems()
      .filter((problem) => !this.catalog.find(problem.name))
      .map((problem) => mapProblemStatus(problem.name, null, problem.message));
  }

  private async statusOrProblem(record: ServiceRecord, refresh: boolean): Promise<ServiceStatusDto> {
    if (!this.states.peek(record.name)) return mapProblemStatus(record.name, record.type, this.problemOf(record.name));
    return this.statusOf(record, refresh, refresh);
  }

  /** A status from memory without waiting (a stale one starts a check in the background), as allStatuses(false) takes it. */
  statusNow(record: ServiceRecord): StatusNow {
    const state = this.states.peek(record.name);
    if (!state) return { name: record.name, input: null, basis: null, problem: mapProblemStatus(record.name, record.type, this.problemOf(record.name)) };
    const plan = this.plan(record, state, false);
    if (plan.live && !this.checker.isChecking(record.name)) void this.checker.check(record.name, 'read').catch(() => undefined);
    return { name: record.name, input: this.statusInput(record, state, plan.read, plan.basis.supported), basis: plan.basis, problem: null };
  }

  private async statusOf(record: ServiceRecord, refresh: boolean, wait: boolean): Promise<ServiceStatusDto> {
    const state = this.states.get(record.name);
    if (!wait) return statusOfNow(this.statusNow(record));
    const plan = this.plan(record, state, refresh);
    if (!plan.live) return this.mapped(record, state, plan.read, plan.basis.supported);
    const outcome = await this.checker.check(record.name, 'read');
    return this.mapped(record, outcome.state, freshness('live', outcome.state.last_check, plan.basis.limit, outcome.error), plan.basis.supported);
  }

  /** Metadata first: whether the stored status is fresh enough, or a live check is needed. */
  private plan(record: ServiceRecord, state: ServiceState, refresh: boolean): { basis: StatusBasis; live: boolean; read: ReadFreshnessDto } {
    const basis = statusBasis(record.type, state, this.catalog.isSupported(record.type));
    const age = statusAge(basis, Date.now());
    return { basis, live: statusCheckDue(basis, age, refresh), read: statusRead(basis, age) };
  }

  private mapped(record: ServiceRecord, state: ServiceState, read: ReadFreshnessDto, supported: boolean): ServiceStatusDto {
    return mapStatus(this.statusInput(record, state, read, supported));
  }

  private statusInput(record: ServiceRecord, state: ServiceState, read: ReadFreshnessDto, supported: boolean): StatusInput {
    const dependsOn = dependenciesOf(record, (type) => this.catalog.ofType(type));
    const dependencies = dependsOn.map((dependency) => {
      const exists = this.catalog.exists(dependency);
      const dependencyState = exists ? this.states.peek(dependency) : null;
      return { name: dependency, exists, status: dependencyState?.status ?? 'unknown', health: dependencyState?.health ?? 'unknown' };
    });
    return {
      record,
      state,
      secretFields: this.catalog.secretFields(record.type),
      dependsOn,
      dependencies,
      read,
      checking: this.checker.isChecking(record.name),
      supported,
      maintenance: this.maintenance.of(record.name, record.type),
    };
  }

  /**
   * `background`: the periodic storage refresh, which answers nobody: its result goes to
   * the snapshot with the next batch (a crash loses a value that is read again), and it
   * emits one `storage` event for both reads; any other live storage or quota read emits
   * its own, and is durable before it is answered.
   */
  private async read<T>(record: ServiceRecord, kind: ReadKind, refresh: boolean, background = false): Promise<ReadResult<T>> {
    const limit = FRESHNESS_S[kind];
    if (!this.catalog.isSupported(record.type)) {
      return { value: null, read: freshness('metadata', null, limit, { code: 'unsupported', message: `no driver for service type "${record.type}" is installed` }) };
    }
    if (!this.catalog.driver(record.type).capabilities[kind]) {
      return { value: null, read: freshness('metadata', null, limit, { code: 'unsupported', message: `${record.type} services do not report ${kind}` }) };
    }
    const stored = this.snapshots.peek(record.name)?.data[kind];
    const age = ageSeconds(stored?.measured_at ?? null);
    if (!refresh && stored?.value && age !== null && age <= limit) {
      return { value: stored.value as unknown as T, read: freshness('metadata', stored.measured_at, limit) };
    }
    try {
      const value = await this.live<T>(record.name, kind);
      const measuredAt = new Date().toISOString();
      const measured = (data: SnapshotData): SnapshotData => ({
        ...data,
        [kind]: { value: value as unknown as JsonObject, measured_at: measuredAt, error: null, error_at: null } satisfies StoredRead,
      });
      if (background) this.snapshots.updateLater(record.name, measured);
      else await this.snapshots.update(record.name, measured);
      if (kind !== 'stats' && !background) this.storageMeasured(record, measuredAt);
      return { value, read: freshness('live', measuredAt, limit) };
    } catch (failure) {
      const error: ErrorInfo = errorInfo(failure, (text) => this.redactor.redact(text));
      if (this.catalog.exists(record.name)) {
        const failed = (data: SnapshotData): SnapshotData => ({
          ...data,
          [kind]: { value: data[kind]?.value ?? null, measured_at: data[kind]?.measured_at ?? null, error, error_at: new Date().toISOString() },
        });
        if (background) this.snapshots.updateLater(record.name, failed);
        else await this.snapshots.update(record.name, failed);
      }
      return { value: (stored?.value ?? null) as T | null, read: freshness('metadata', stored?.measured_at ?? null, limit, error) };
    }
  }

  /** A `storage` event with the service's storage against its quota (the storage history records it). */
  private storageMeasured(record: ServiceRecord, at: string): void {
    const data = this.snapshots.peek(record.name)?.data;
    if (data) this.events.emit({ type: 'storage', service: record.name, at, ...storageFigures(data, declaredQuota(record)) });
  }

  /** One live call per service and kind at a time; concurrent readers share it. */
  private live<T>(name: string, kind: ReadKind): Promise<T> {
    const key = `${name}\u0000${kind}`;
    const running = this.liveReads.get(key);
    if (running) return running as Promise<T>;
    const call = (async () => {
      const connected = await this.connections.connect(name);
      return (await this.connections.call(connected, `${kind} of ${name}`, (connection, options) => connection[kind](options) as Promise<unknown>)) as T;
    })().finally(() => this.liveReads.delete(key));
    this.liveReads.set(key, call);
    return call;
  }
}

/** The quota a service's config declares (`quota_bytes`), null when none. */
function declaredQuota(record: ServiceRecord): number | null {
  const declared = record.config['quota_bytes'];
  return typeof declared === 'number' ? declared : null;
}
