import { ConflictException, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { daemonSupervisionFromConfig, DEFAULT_TIMEOUT_MS, type SupervisedDaemonFields } from '@ipfs-kit/backends';
import { withTimeout } from '../common/deadline';
import { KeyedMutex } from '../common/keyed-mutex';
import { Semaphore } from '../common/semaphore';
import { errorInfo, type ErrorInfo } from '../common/error-info';
import type { DesiredState, ServiceState, ServiceStatus } from '../common/service-state';
import { ServiceEventsService } from '../events/service-events.service';
import { StoreLease } from '../lease/store-lease.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { assertAllowedBinary } from '../settings/daemon-binaries';
import { SecretRedactor } from '../store/secret-redactor';
import { ServiceCatalog, type AddServiceInput } from './service-catalog.service';
import { ServiceChecker } from './service-checker.service';
import { ServiceConnections } from './service-connections.service';
import { DependencyCycleError, dependentsOf, startOrder, type ServiceLookup } from './service-dependencies';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import { ServiceStateTransitions } from './service-state-transitions.service';

export interface LifecycleResult {
  success: boolean;
  message: string;
  status: ServiceStatus;
  desired_state: DesiredState;
  error: ErrorInfo | null;
}

/** Starting a daemon may take longer than one call: at least this long. */
const MIN_START_TIMEOUT_MS = 30_000;

/**
 * Services the start-up restore starts at once. Each start waits on its backend (and a
 * hung one on its timeout); their state changes are committed together by the store.
 */
const RESTORE_CONCURRENCY = 16;

/** A stop may wait a daemon's whole grace period before SIGKILL, and then for the exit. */
const STOP_AFTER_GRACE_MS = 5_000;

/**
 * How long the API waits for a start or a stop: the service's call timeout, at least
 * MIN_START_TIMEOUT_MS, and never less than what the daemon supervisor itself allows
 * a supervised binary (its start timeout for a start, its grace period plus the kill
 * for a stop, with the supervisor's defaults where the config sets none). Otherwise
 * the API would record an error while a slow daemon is still coming up.
 */
export function lifecycleTimeoutMs(config: object, step: 'start' | 'stop'): number {
  const values = config as Record<string, unknown>;
  const callTimeout = typeof values['timeout_ms'] === 'number' ? (values['timeout_ms'] as number) : DEFAULT_TIMEOUT_MS;
  const base = Math.max(callTimeout, MIN_START_TIMEOUT_MS);
  if (typeof values['binary'] !== 'string') return base;
  const supervision = daemonSupervisionFromConfig(values as SupervisedDaemonFields);
  const own = step === 'start' ? supervision.startTimeoutMs : supervision.stopGraceMs + STOP_AFTER_GRACE_MS;
  return Math.max(base, own);
}

/**
 * Start, stop, restart and remove, with the desired state persisted so that the
 * services come back after the API restarts. Dependencies start first.
 */
@Injectable()
export class ServiceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceLifecycle.name);
  private readonly mutex = new KeyedMutex();
  private closing = false;
  private restoring: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly connections: ServiceConnections,
    private readonly checker: ServiceChecker,
    private readonly states: ServiceStateStore,
    private readonly transitions: ServiceStateTransitions,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    private readonly lease: StoreLease,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.restoreServices === false) return;
    // In the background: the API answers while slow backends come up. Only the process
    // holding the store's lease supervises: a standby one restores when it takes over.
    this.lease.whenHeld(() => {
      if (this.closing) return;
      this.restoring = this.restoreDesiredStates().catch((error: unknown) => {
        this.logger.error(`restoring services failed: ${this.redactor.redact(String((error as Error).message))}`);
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await withTimeout(this.restoring, 10_000, 'restoring services').catch(() => undefined);
  }

  /** Resolves once the services wanted running at start-up have been started (or failed). */
  restored(): Promise<void> {
    return this.restoring;
  }

  /** Adds a service, and starts it when asked. */
  async add(input: AddServiceInput & { start?: boolean }): Promise<LifecycleResult> {
    await this.catalog.add(input);
    if (!input.start) return { success: true, message: `Service ${input.name} added`, status: 'stopped', desired_state: 'stopped', error: null };
    const started = await this.start(input.name);
    return { ...started, message: `Service ${input.name} added; ${started.message.replace(`Service ${input.name} `, '')}` };
  }

  /**
   * Starts a service after its dependencies. `restoring`: at start-up, a service whose
   * stored state already says wanted and running is started without writing that
   * again (no `starting` in between) and keeps its stored reads (stats, quota, storage:
   * they stay as fresh as their age says); only what the start and its check change is written.
   */
  async start(name: string, restoring = false): Promise<LifecycleResult> {
    this.catalog.get(name); // 404, or the service's unreadable file
    let order: string[];
    try {
      order = startOrder(name, this.lookup());
    } catch (error) {
      if (error instanceof DependencyCycleError) throw new ConflictException(error.message);
      throw error;
    }
    for (const item of order) this.assertMaySupervise(this.catalog.find(item) ?? undefined, 'start');
    const missing = order.filter((item) => !this.catalog.exists(item));
    if (missing.length > 0) {
      throw new ConflictException(`Service ${name} depends on ${missing.join(', ')}, which is not configured`);
    }
    for (const dependency of order.slice(0, -1)) {
      const state = this.states.base(dependency);
      if (state.status === 'running' && state.desired_state === 'started') continue;
      const result = await this.startOne(dependency, restoring);
      if (!result.success) {
        const error: ErrorInfo = { code: 'dependency', message: `dependency ${dependency} did not start: ${result.error?.message ?? result.message}` };
        const state = await this.setState(name, { desired_state: 'started', status: 'error', health: 'unhealthy', error });
        return { success: false, message: `Service ${name} start failed`, status: state.status, desired_state: 'started', error };
      }
    }
    return this.startOne(name, restoring);
  }

  stop(name: string): Promise<LifecycleResult> {
    return this.mutex.run(name, async () => {
      this.assertMaySupervise(this.catalog.get(name), 'stop'); // 404, 503
      await this.setDesired(name, 'stopped');
      let error: ErrorInfo | null = null;
      try {
        const connected = await this.connections.connect(name);
        await this.connections.call(connected, `stop of ${name}`, (connection, options) => connection.stop(options), lifecycleTimeoutMs(connected.config, 'stop'));
      } catch (failure) {
        error = errorInfo(failure, (text) => this.redactor.redact(text));
      }
      await this.snapshots.invalidateReads(name);
      const state = await this.setState(name, { status: error ? 'error' : 'stopped', health: 'unknown', error });
      return {
        success: error === null,
        message: `Service ${name} stop ${error ? 'failed' : 'succeeded'}`,
        status: state.status,
        desired_state: 'stopped',
        error,
      };
    });
  }

  async restart(name: string): Promise<LifecycleResult> {
    const stopped = await this.stop(name);
    const started = await this.start(name);
    if (!stopped.success && started.success) {
      return { ...started, message: `Service ${name} restarted (the stop reported: ${stopped.error?.message ?? 'an error'})` };
    }
    return { ...started, message: `Service ${name} restart ${started.success ? 'succeeded' : 'failed'}` };
  }

  /** Stops and deletes; 409 when other services depend on it, unless forced. */
  async remove(name: string, force: boolean): Promise<{ success: true; message: string }> {
    if (!this.catalog.exists(name)) this.catalog.get(name); // 404
    const dependents = dependentsOf(name, this.catalog.list());
    if (dependents.length > 0 && !force) {
      throw new ConflictException(`Service ${name} is needed by ${dependents.join(', ')}; remove them first or use ?force=true`);
    }
    // A service whose files cannot be read can still be removed: its state counts as stopped.
    const state = this.states.peek(name);
    if (this.catalog.find(name) && (state?.desired_state === 'started' || state?.status === 'running')) await this.stop(name);
    await this.mutex.run(name, () => this.catalog.delete(name));
    return { success: true, message: `Service ${name} removed` };
  }

  /** Before a restore writes the store: every pending state and snapshot is written first, so none overwrites a restored one. */
  async flushBeforeRestore(): Promise<void> {
    await Promise.all([this.states.flush(), this.snapshots.flush()]);
  }

  /**
   * After a restore wrote the store: forget the connections of the services it removed,
   * and reload each one it added or changed, once, in the background: reconnect with the
   * new config, then start it (desired state started) or stop it (stopped). Services the
   * restore left as they were are not touched.
   */
  reloadAfterRestore(changed: readonly string[], removed: readonly string[]): void {
    const at = new Date().toISOString();
    const previous = this.restoring;
    this.restoring = (async () => {
      await previous;
      for (const name of removed) {
        await this.connections.close(name);
        this.events.emit({ type: 'service_removed', service: name, at });
      }
      for (const name of changed) {
        if (this.closing) return;
        await this.connections.close(name);
        this.events.emit({ type: 'config_changed', service: name, at });
        const desired = this.states.peek(name)?.desired_state ?? 'stopped';
        this.events.emit({ type: 'desired_state', service: name, at, desired_state: desired });
        const result = desired === 'started' ? await this.start(name) : await this.stop(name);
        this.logger.log(`reloaded ${name} after a restore: ${result.status}${result.error ? ` (${result.error.message})` : ''}`);
      }
    })().catch((error: unknown) => {
      this.logger.error(`reloading restored services failed: ${this.redactor.redact(String((error as Error).message))}`);
    });
  }

  private startOne(name: string, restoring = false): Promise<LifecycleResult> {
    return this.mutex.run(name, async () => {
      const stored = this.states.base(name);
      if (!restoring || stored.desired_state !== 'started' || stored.status !== 'running') {
        await this.setDesired(name, 'started');
        await this.setState(name, { status: 'starting', error: null });
        await this.snapshots.invalidateReads(name);
      }
      try {
        const connected = await this.connections.connect(name);
        // A file written by hand names a binary too: the allowlist holds for it as well.
        assertAllowedBinary(connected.config, this.settings.guards.daemonBinaries);
        await this.connections.call(connected, `start of ${name}`, (connection, options) => connection.start(options), lifecycleTimeoutMs(connected.config, 'start'));
      } catch (failure) {
        const error = errorInfo(failure, (text) => this.redactor.redact(text));
        const state = await this.setState(name, { status: 'error', health: 'unhealthy', error });
        return { success: false, message: `Service ${name} start failed`, status: state.status, desired_state: 'started', error };
      }
      const outcome = await this.checker.check(name, 'start');
      return {
        success: outcome.ok,
        message: `Service ${name} start ${outcome.ok ? 'succeeded' : 'failed'}`,
        status: outcome.state.status,
        desired_state: 'started',
        error: outcome.error,
      };
    });
  }

  /**
   * Only the API process holding the store's lease runs supervised daemons (a service
   * whose config names a `binary`): another one answers 503 rather than start or stop
   * a process the holder supervises. Other services only change state: any process.
   */
  private assertMaySupervise(record: { name: string; config: Record<string, unknown> } | undefined, action: 'start' | 'stop'): void {
    if (record && typeof record.config['binary'] === 'string') this.lease.assertHeld(`${action} ${record.name}, a supervised daemon`);
  }

  /** Services by name and by type, from the catalog's indexes (one start never walks every service). */
  private lookup(): ServiceLookup {
    return { find: (name) => this.catalog.find(name), ofType: (type) => this.catalog.ofType(type) };
  }

  /**
   * Starts every service stored as wanted started, RESTORE_CONCURRENCY at a time, each
   * after the dependencies restored with it. The state changes of starts running
   * together are committed together (see MetadataManager.updateServiceState).
   */
  private async restoreDesiredStates(): Promise<void> {
    const wanted = this.catalog
      .list()
      .filter((record) => this.states.peek(record.name)?.desired_state === 'started')
      .map((record) => record.name);
    const slots = new Semaphore(RESTORE_CONCURRENCY);
    const lookup = this.lookup();
    const restored = new Map<string, Promise<void>>();
    const restoreOne = async (name: string): Promise<void> => {
      let dependencies: string[] = [];
      try {
        dependencies = startOrder(name, lookup).slice(0, -1);
      } catch {
        // A cycle: the start reports it.
      }
      await Promise.all(dependencies.map((dependency) => restored.get(dependency)));
      await slots.run(async () => {
        if (this.closing) return;
        this.events.emit({ type: 'desired_state', service: name, at: new Date().toISOString(), desired_state: 'started' });
        // A fresh start re-attaches daemons and verifies the connection, whatever the stored status says.
        const result = await this.start(name, true).catch((error: unknown) => ({
          success: false,
          error: errorInfo(error, (text) => this.redactor.redact(text)),
        }));
        this.logger.log(`restored ${name}: ${result.success ? 'running' : `not running (${result.error?.message ?? 'unknown error'})`}`);
      });
    };
    let begin: () => void = () => undefined;
    const begun = new Promise<void>((resolve) => (begin = resolve));
    // Every promise is in the map before any restore looks up its dependencies.
    for (const name of wanted) restored.set(name, begun.then(() => restoreOne(name)));
    begin();
    await Promise.all(restored.values());
  }

  /** Writes the desired state when it changes (an unchanged one is not written again). */
  private async setDesired(name: string, desired: DesiredState): Promise<void> {
    if (this.states.base(name).desired_state === desired) return;
    await this.transitions.apply(name, (current) => ({ ...current, desired_state: desired }));
    this.events.emit({ type: 'desired_state', service: name, at: new Date().toISOString(), desired_state: desired });
  }

  private setState(name: string, change: Partial<Pick<ServiceState, 'status' | 'health' | 'error' | 'desired_state'>>): Promise<ServiceState> {
    return this.transitions.apply(name, (current) => ({ ...current, ...change }));
  }
}
