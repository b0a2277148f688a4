import { BackendError, type CallOptions, type ProbeResult } from '@ipfs-kit/backends';
import type { ServiceRecord } from '@ipfs-kit/metadata';
import type { ServiceCatalog } from '../app/services/service-catalog.service';
import { ServiceConnections } from '../app/services/service-connections.service';
import type { SnapshotData } from '../app/services/service-snapshot.store';
import type { ServiceStateStore } from '../app/services/service-state.store';
import { initialState, type ServiceState } from '../app/common/service-state';
import type { MonitoringSettings } from '../app/settings/api-settings';

/**
 * One scripted probe answer. `ok` answers, `down` fails as an unreachable backend
 * does, `unauthorized` fails in a way no retry fixes, `slow` answers only when its
 * timeout_ms is over (with a timeout error, as a driver that bounds its calls does),
 * `stuck` never settles (a driver that ignores its timeout).
 */
export type ProbeStep = 'ok' | 'down' | 'unauthorized' | 'slow' | 'stuck';

export interface ScriptedServiceSpec {
  name: string;
  /** Answers of the first probes, in order. */
  script?: ProbeStep[];
  /** The answer once the script is used up. */
  then: ProbeStep;
  intervalS: number;
  timeoutMs?: number;
}

export interface ProbeCall {
  service: string;
  /** Date.now() when the probe started (the fake clock in tests). */
  at: number;
  step: ProbeStep;
}

/** Monitoring settings for tests: every value given, nothing from the environment. */
export function monitoringSettings(overrides: Partial<MonitoringSettings> = {}): MonitoringSettings {
  return {
    defaultIntervalS: 30,
    attempts: 1,
    unhealthyAfter: 1,
    concurrency: 4,
    maxBackoffFactor: 1,
    resourceIntervalS: 30,
    retention: { raw_days: 1, minute_days: 1, hour_days: 1, day_days: 1 },
    ...overrides,
  };
}

/**
 * Services whose backends answer probes from a script, behind the parts of
 * ServiceCatalog (get, find, exists, list, ofType) and ServiceConnections (connect,
 * and the real `call`, which bounds each probe in time) the health checks use.
 * Records every probe call so tests can count and order them.
 */
export class ScriptedServices {
  readonly calls: ProbeCall[] = [];
  private readonly specs = new Map<string, ScriptedServiceSpec>();
  private readonly used = new Map<string, number>();

  add(spec: ScriptedServiceSpec): this {
    this.specs.set(spec.name, spec);
    this.used.set(spec.name, 0);
    return this;
  }

  /** Replaces what the service answers from now on. */
  answer(name: string, then: ProbeStep): void {
    const spec = this.spec(name);
    this.specs.set(name, { ...spec, script: [], then });
  }

  callsOf(name: string): ProbeCall[] {
    return this.calls.filter((call) => call.service === name);
  }

  asCatalog(): ServiceCatalog {
    const catalog: Pick<ServiceCatalog, 'get' | 'find' | 'exists' | 'list' | 'ofType'> = {
      get: (name) => this.record(name),
      find: (name) => (this.specs.has(name) ? this.record(name) : null),
      exists: (name) => this.specs.has(name),
      list: () => [...this.specs.keys()].sort().map((name) => this.record(name)),
      ofType: (type) => (type === 'parquet' ? catalog.list() : []),
    };
    return catalog as ServiceCatalog;
  }

  asConnections(): ServiceConnections {
    const connections: Pick<ServiceConnections, 'connect' | 'call'> = {
      connect: async (name) => {
        const spec = this.spec(name);
        const connection = { probe: (call: CallOptions) => this.probe(name, call) };
        return { record: this.record(name), config: { timeout_ms: spec.timeoutMs }, connection } as unknown as Awaited<ReturnType<ServiceConnections['connect']>>;
      },
      call: ServiceConnections.prototype.call,
    };
    return connections as ServiceConnections;
  }

  private spec(name: string): ScriptedServiceSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`no scripted service ${name}`);
    return spec;
  }

  private record(name: string): ServiceRecord {
    const spec = this.spec(name);
    const config: ServiceRecord['config'] = { path: `/srv/${name}`, check_interval_s: spec.intervalS };
    if (spec.timeoutMs !== undefined) config['timeout_ms'] = spec.timeoutMs;
    return { name, type: 'parquet', config, lastUpdated: null, version: '1.0' };
  }

  private probe(name: string, call: CallOptions): Promise<ProbeResult> {
    const spec = this.spec(name);
    const index = this.used.get(name) ?? 0;
    this.used.set(name, index + 1);
    const step = spec.script?.[index] ?? spec.then;
    this.calls.push({ service: name, at: Date.now(), step });
    switch (step) {
      case 'ok':
        return Promise.resolve({ latencyMs: 3, version: 'scripted' });
      case 'down':
        return Promise.reject(new BackendError('unreachable', `connect ECONNREFUSED for ${name}`));
      case 'unauthorized':
        return Promise.reject(new BackendError('unauthorized', `${name} refused the credentials`));
      case 'slow':
        return new Promise((_, reject) =>
          setTimeout(() => reject(new BackendError('timeout', `${name} did not answer within ${call.timeoutMs} ms`)), call.timeoutMs),
        );
      case 'stuck':
        return new Promise(() => undefined);
    }
  }
}

/** state/<name>.json in memory, with the reads and writes ServiceStateStore offers. */
export class MemoryStateStore implements Pick<ServiceStateStore, 'get' | 'peek' | 'base' | 'update' | 'updateLater'> {
  private readonly states = new Map<string, ServiceState>();

  /** A started, running, healthy service, as after a successful start. */
  started(name: string): void {
    this.states.set(name, { ...initialState(), desired_state: 'started', status: 'running', health: 'healthy' });
  }

  get(name: string): ServiceState {
    return this.states.get(name) ?? initialState();
  }

  peek(name: string): ServiceState | null {
    return this.get(name);
  }

  async update(name: string, update: (current: ServiceState) => ServiceState): Promise<ServiceState> {
    const next = update(this.get(name));
    this.states.set(name, next);
    return next;
  }

  /** What a change starts from (no file is ever corrupt here: the state). */
  base(name: string): ServiceState {
    return this.get(name);
  }

  updateLater(name: string, update: (current: ServiceState) => ServiceState): ServiceState {
    const next = update(this.get(name));
    this.states.set(name, next);
    return next;
  }

  async delete(name: string): Promise<void> {
    this.states.delete(name);
  }
}

/** monitoring/<name>.json in memory. */
export class MemorySnapshotStore {
  private readonly data = new Map<string, SnapshotData>();

  async update(name: string, update: (current: SnapshotData) => SnapshotData): Promise<SnapshotData> {
    return this.updateLater(name, update);
  }

  updateLater(name: string, update: (current: SnapshotData) => SnapshotData): SnapshotData {
    const next = update({ ...(this.data.get(name) ?? {}) });
    this.data.set(name, next);
    return next;
  }
}
