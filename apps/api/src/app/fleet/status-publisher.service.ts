import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { ServiceRecord } from '@ipfs-kit/metadata';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import type { ServiceState } from '../common/service-state';
import { ServiceStateStore } from '../services/service-state.store';
import { ServiceStateTransitions } from '../services/service-state-transitions.service';
import { SecretRedactor } from '../store/secret-redactor';
import { FleetConnection, type FleetBuckets } from './fleet-connection';
import { encodeJson, type ServiceCopy } from './fleet-records';
import { serviceKey } from './fleet-subjects';
import { NodeIdentity } from './node-identity';

/** A copy unchanged but for its check time is sent again after this long (last_check stays current). */
const REFRESH_AFTER_MS = 60_000;

/** Puts in flight at once when everything is published after a (re)connect. */
const PUT_BATCH = 64;

/**
 * Publishes this node's copy of each service's status into the services bucket: on
 * every change the event bus reports, and all of them after each (re)connect. The store
 * stays the source; the copies are read back by every node's fleet views.
 */
@Injectable()
export class StatusPublisher implements OnModuleDestroy {
  private readonly logger = new Logger('FleetStatus');
  /** The latest copy of each local service (also this node's own rows in the fleet views). */
  private readonly local = new Map<string, ServiceCopy>();
  private readonly published = new Map<string, { signature: string; at: number }>();
  private readonly dirty = new Set<string>();
  private subscription: Subscription | null = null;
  private unhook: (() => void) | null = null;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly events: ServiceEventsService,
    private readonly manager: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly transitions: ServiceStateTransitions,
    private readonly redactor: SecretRedactor,
  ) {}

  /** Starts following the event bus and publishing after each (re)connect. */
  start(): void {
    // Status and health changes from the one state-transition hook; the rest (added,
    // removed, config and desired-state changes, probes) from the event bus.
    this.unhook = this.transitions.onStatusChange((transition) => this.markDirty(transition.service));
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'resources' || event.type === 'status') return;
      this.markDirty(event.service);
    });
    this.connection.onReady((_, buckets) => this.publishAll(buckets));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.unhook?.();
    if (this.timer) clearTimeout(this.timer);
  }

  localCopies(): ServiceCopy[] {
    return [...this.local.values()];
  }

  localCopy(name: string): ServiceCopy | null {
    return this.local.get(name) ?? null;
  }

  /** Every local service read from the store and published; copies of services gone from the store are deleted. */
  async publishAll(buckets: FleetBuckets): Promise<void> {
    const { id } = await this.identity.load();
    const records = this.manager.list();
    const names = new Set(records.map((record) => record.name));
    for (const record of records) this.local.set(record.name, this.copyOf(id, record, this.states.get(record.name)));
    for (const name of [...this.local.keys()]) if (!names.has(name)) this.local.delete(name);
    this.published.clear();
    const copies = [...this.local.values()];
    for (let start = 0; start < copies.length; start += PUT_BATCH) {
      await Promise.all(copies.slice(start, start + PUT_BATCH).map((copy) => this.put(buckets, copy)));
    }
    const stale: string[] = [];
    for await (const key of await buckets.services.keys(`${id}.*`)) {
      const name = key.slice(id.length + 1);
      if (!names.has(name)) stale.push(key);
    }
    for (const key of stale) await buckets.services.delete(key);
  }

  private markDirty(name: string): void {
    this.dirty.add(name);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch((error: unknown) => this.logger.warn(`publishing statuses failed: ${this.redactor.redact((error as Error).message)}`));
    }, 20);
  }

  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.dirty.size > 0) return this.flush();
      return;
    }
    this.flushing = this.flushDirty().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushDirty(): Promise<void> {
    const names = [...this.dirty];
    this.dirty.clear();
    const { id } = await this.identity.load();
    for (const name of names) {
      try {
        const record = this.manager.find(name);
        if (!record) {
          this.local.delete(name);
          this.published.delete(name);
          await this.connection.current?.buckets.services.delete(serviceKey(id, name));
          continue;
        }
        const copy = this.copyOf(id, record, this.states.get(name));
        this.local.set(name, copy);
        const live = this.connection.current;
        if (live) await this.put(live.buckets, copy);
      } catch (error) {
        // Not connected, or NATS is electing a leader: the next (re)connect publishes everything.
        this.logger.debug?.(`publishing ${name} failed: ${this.redactor.redact((error as Error).message)}`);
      }
    }
  }

  /** Puts a copy unless the same one (but for its check time) went out less than REFRESH_AFTER_MS ago. */
  private async put(buckets: FleetBuckets, copy: ServiceCopy): Promise<void> {
    const signature = JSON.stringify([copy.type, copy.status, copy.health, copy.desired_state, copy.error]);
    const last = this.published.get(copy.name);
    if (last && last.signature === signature && Date.now() - last.at < REFRESH_AFTER_MS) return;
    await buckets.services.put(serviceKey(copy.node_id, copy.name), encodeJson(copy));
    this.published.set(copy.name, { signature, at: Date.now() });
  }

  private copyOf(nodeId: string, record: ServiceRecord, state: ServiceState): ServiceCopy {
    return {
      node_id: nodeId,
      name: record.name,
      type: record.type,
      status: state.status,
      health: state.health,
      desired_state: state.desired_state,
      last_check: state.last_check,
      latency_ms: state.latency_ms,
      error: state.error ? { code: state.error.code, message: this.redactor.redact(state.error.message) } : null,
      updated_at: new Date().toISOString(),
    };
  }
}
