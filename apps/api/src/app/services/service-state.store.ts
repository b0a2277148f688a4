import { Injectable } from '@nestjs/common';
import { CorruptFileError, MetadataCatalog, MetadataManager, type JsonObject } from '@ipfs-kit/metadata';
import { initialState, normalizeState, type DesiredState, type ServiceState } from '../common/service-state';
import { ServiceDataBatch, type PendingFolder } from './service-data-batch';

/**
 * state/<name>.json: read from the in-memory catalog (leniently: the original's
 * files too), written through the store. `update` is durable before it returns;
 * `updateLater` keeps the state in memory and writes it with the next batch (for
 * check results that change nothing but counters and times).
 */
@Injectable()
export class ServiceStateStore {
  private readonly normalized = new WeakMap<JsonObject, ServiceState>();
  private readonly defaults = new WeakSet<ServiceState>();
  private readonly desired = new Map<string, DesiredState>();
  private readonly batch: PendingFolder<ServiceState>;
  private version = 0;

  constructor(
    private readonly catalog: MetadataCatalog,
    private readonly store: MetadataManager,
    private readonly batches: ServiceDataBatch,
  ) {
    this.batch = batches.folder<ServiceState>('state', (state) => ({ ...state }));
  }

  /**
   * Grows with every change of a state (a write, now or pending, an outside change or
   * removal), so answers counting every state are kept until it moves. The batch
   * write of a pending state does not move it: that changes its last_updated only.
   */
  get changes(): number {
    return this.version;
  }

  /** The state (defaults when there is none); throws the problem of an unreadable state file. */
  get(name: string): ServiceState {
    return this.batch.get(name) ?? this.normalize(this.catalog.state(name));
  }

  /** The state, or null when its file cannot be read (for answers about many services). */
  peek(name: string): ServiceState | null {
    try {
      return this.get(name);
    } catch {
      return null;
    }
  }

  /**
   * What a change starts from: the state, or, when its file did not parse (the store
   * logged it and moved it aside; reads name the problem until the next write), a fresh
   * state that keeps the desired state known before.
   */
  base(name: string): ServiceState {
    return this.batch.get(name) ?? (this.movedAside(name) ? this.fresh(name) : this.get(name));
  }

  /** Read-modify-write, durable when it returns; `update` gets the current state (`base` when there is no file). */
  async update(name: string, update: (current: ServiceState) => ServiceState): Promise<ServiceState> {
    const written = await this.store.updateServiceState(name, (current) => {
      const base = this.batch.get(name) ?? (current ? normalizeState(current) : this.withoutFile(name));
      return { ...update(base) } as unknown as Record<string, unknown>;
    });
    this.batch.drop(name);
    this.version += 1;
    const state = this.normalize(written);
    this.desired.set(name, state.desired_state);
    return state;
  }

  /** The next state in memory at once, on disk with the next batch. */
  updateLater(name: string, update: (current: ServiceState) => ServiceState): ServiceState {
    const next = update(this.base(name));
    this.batch.set(name, next);
    this.version += 1;
    return next;
  }

  /** Writes every pending state (and snapshot) now (tests, shutdown, a backup). */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  /** Before a service's files are removed: nothing pending may bring them back. */
  async forget(name: string): Promise<void> {
    this.batch.drop(name);
    this.version += 1;
    this.desired.delete(name);
  }

  /** Remembers each service's desired state, to tell later which outside change altered it. */
  learnDesired(names: readonly string[]): void {
    for (const name of names) {
      const state = this.peek(name);
      if (state) this.desired.set(name, state.desired_state);
    }
  }

  /**
   * Another process (or a hand edit) wrote the state: pending values are dropped for
   * it, and the desired state is returned when it changed.
   */
  outsideChange(name: string): DesiredState | null {
    this.batch.drop(name);
    this.version += 1;
    const state = this.peek(name);
    if (!state) return null;
    const before = this.desired.get(name);
    this.desired.set(name, state.desired_state);
    return before !== state.desired_state ? state.desired_state : null;
  }

  /** A state file removed by another process or by hand: what `get` answers changed. */
  outsideRemoval(): void {
    this.version += 1;
  }

  /**
   * Whether `state` is the defaults of a service without a stored state: made again at
   * each read, its last_updated the moment of that read (no change count moves).
   */
  isDefault(state: ServiceState): boolean {
    return this.defaults.has(state);
  }

  /** The state of a service whose file is absent: fresh, keeping the known desired state if the file was corrupt. */
  private withoutFile(name: string): ServiceState {
    return this.movedAside(name) ? this.fresh(name) : initialState();
  }

  /** Whether the service's state file did not parse and was moved aside (no write since). */
  private movedAside(name: string): boolean {
    try {
      this.catalog.state(name);
      return false;
    } catch (error) {
      return error instanceof CorruptFileError;
    }
  }

  private fresh(name: string): ServiceState {
    return { ...initialState(), desired_state: this.desired.get(name) ?? 'stopped' };
  }

  private normalize(raw: JsonObject | null): ServiceState {
    if (raw === null) {
      const state = initialState();
      this.defaults.add(state);
      return state;
    }
    let state = this.normalized.get(raw);
    if (!state) {
      state = normalizeState(raw);
      this.normalized.set(raw, state);
    }
    return state;
  }
}
