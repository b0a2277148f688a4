import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { KvWatchEntry } from '@nats-io/kv';
import { KeyedMutex } from '../common/keyed-mutex';
import { ServiceLifecycle } from '../services/service-lifecycle.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceStateStore } from '../services/service-state.store';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { MetadataManager } from '@ipfs-kit/metadata';
import { FleetConnection, type FleetBuckets } from './fleet-connection';
import { decodeJson, type ManagedConfig } from './fleet-records';
import { FleetSecretBox } from './fleet-secret-box';
import { keepWatching, type FleetWatch } from './fleet-watch';
import { NodeIdentity, type NodeIdentityValue } from './node-identity';

/** Which fleet revision of each service this node applied to its store. */
const APPLIED_FILE = 'config/fleet-applied.json';

/**
 * Fleet-managed service configs on this node (FleetConfigWrites writes them): every node
 * watches the configs bucket and applies the configs assigned to it (by id, name or
 * label) to its own store, and removes those deleted or no longer assigned to it; the
 * watch starts with every last value (delete markers included), so a node that was
 * offline catches up when it returns.
 */
@Injectable()
export class FleetConfigs implements OnModuleDestroy {
  private readonly logger = new Logger('FleetConfigs');
  private readonly mutex = new KeyedMutex();
  private readonly box: FleetSecretBox | null;
  private watcher: FleetWatch | null = null;

  constructor(
    @Inject(API_SETTINGS) settings: ApiSettings,
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly manager: ServiceCatalog,
    private readonly lifecycle: ServiceLifecycle,
    private readonly states: ServiceStateStore,
    private readonly store: MetadataManager,
    private readonly redactor: SecretRedactor,
  ) {
    this.box = settings.fleet ? new FleetSecretBox(settings.fleet.fleetKey) : null;
  }

  start(): void {
    this.connection.onReady((_, buckets) => this.watch(buckets));
  }

  onModuleDestroy(): void {
    this.watcher?.stop();
  }

  private async watch(buckets: FleetBuckets): Promise<void> {
    this.watcher?.stop();
    this.watcher = keepWatching(
      buckets.configs,
      (entry) =>
        this.mutex.run(entry.key, () => this.apply(entry)).catch((error: unknown) => {
          this.logger.error(`applying the fleet config ${entry.key} failed: ${this.redactor.redact((error as Error).message)}`);
        }),
      (message) => this.logger.warn(`the fleet configs watch ended, watching again: ${this.redactor.redact(message)}`),
    );
  }

  /** Applies one revision to this node's store: adds or updates an assigned service, removes one no longer assigned. */
  private async apply(entry: KvWatchEntry): Promise<void> {
    const name = entry.key;
    const self = await this.identity.load();
    const applied = (await this.store.readJson<Record<string, number>>(APPLIED_FILE)) ?? {};
    const value = entry.operation === 'PUT' ? decodeJson<ManagedConfig>(entry.value) : null;
    if (!value || !assignedTo(value, self)) {
      if (applied[name] === undefined) return;
      if (this.manager.exists(name)) await this.lifecycle.remove(name, true);
      await this.setApplied(name, null);
      this.logger.log(`removed ${name}: no longer assigned to this node by the fleet`);
      return;
    }
    if (applied[name] === entry.revision && this.manager.exists(name)) return;
    const config = (this.box as FleetSecretBox).decryptFields(value.config);
    this.manager.rememberSecrets(value.type, config);
    const existing = this.manager.find(name);
    if (existing && existing.type !== value.type) await this.lifecycle.remove(name, true);
    if (existing && existing.type === value.type) await this.manager.replaceConfig(name, config);
    else await this.manager.add({ name, type: value.type, config });
    await this.setApplied(name, entry.revision);
    const state = this.states.get(name);
    if (value.desired_state === 'started' && (state.desired_state !== 'started' || state.status !== 'running')) await this.lifecycle.start(name);
    if (value.desired_state === 'stopped' && state.desired_state !== 'stopped') await this.lifecycle.stop(name);
    this.logger.log(`applied fleet config ${name} revision ${entry.revision}`);
  }

  private async setApplied(name: string, revision: number | null): Promise<void> {
    await this.store.updateJson<Record<string, number>>(APPLIED_FILE, (current) => {
      const next = { ...(current ?? {}) };
      if (revision === null) delete next[name];
      else next[name] = revision;
      return next;
    });
  }
}

/** A config belongs on a node named in its list by id, name or one of its labels. */
export function assignedTo(value: ManagedConfig, node: NodeIdentityValue): boolean {
  return value.nodes.some((item) => item === node.id || item === node.name || node.labels.includes(item));
}

