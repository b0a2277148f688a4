import { BY_NAME } from '../common/by-name';
import { isDeepStrictEqual } from 'node:util';
import { ConflictException, Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { BackendRegistry, validateConfig, type BackendTypeDescription, type CommonServiceConfig, type StorageBackendDriver } from '@ipfs-kit/backends';
import { MetadataCatalog, MetadataManager, secretValuesOf, type CatalogChange, type JsonObject, type ServiceRecord } from '@ipfs-kit/metadata';
import { initialState } from '../common/service-state';
import { ServiceEventsService } from '../events/service-events.service';
import { FieldValidationException } from '../http/error-response';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { assertAllowedBinary } from '../settings/daemon-binaries';
import { SecretRedactor } from '../store/secret-redactor';
import { mergePatch } from './config-merge';
import { keepStoredSecrets } from './config-secrets';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';

export interface AddServiceInput {
  name: string;
  type?: string;
  config?: Record<string, unknown>;
}

/** A service whose config, state or snapshot file cannot be read: list answers name it. */
export interface ServiceProblem {
  name: string;
  path: string;
  message: string;
}

/**
 * The configured services, answered from the in-memory catalog: their configs
 * (validated against each type's schema, secrets kept when an update leaves them
 * out or sends the placeholder), what each type offers, and the cap on their number.
 * Every config write goes through the store and emits its event; changes made
 * outside this process emit the same events.
 */
@Injectable()
export class ServiceCatalog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ServiceCatalog.name);
  private byType: Map<string, ServiceRecord[]> | null = null;
  private indexedFrom: readonly ServiceRecord[] | null = null;
  private stopListening: () => void = () => undefined;
  private readonly secretFieldsByType = new Map<string, { from: readonly string[]; fields: readonly string[] }>();

  constructor(
    private readonly catalog: MetadataCatalog,
    private readonly store: MetadataManager,
    private readonly backends: BackendRegistry,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const withSecrets = new Set<string>();
    for (const description of this.backends.describeAll()) {
      if (description.secret_fields.length === 0) continue;
      this.catalog.registerSecretFields(description.type, description.secret_fields);
      withSecrets.add(description.type);
    }
    // Only a service of a type with secret fields can hold a plain one (a file changed since
    // the catalog loaded it is read again by the store, under its lock, before it is rewritten).
    const candidates = this.catalog.services().filter((record) => withSecrets.has(record.type)).map((record) => record.name);
    const encrypted = await this.store.encryptPlainSecrets(candidates).catch((error: unknown) => {
      this.logger.warn(`could not encrypt plain secrets: ${(error as Error).message}`);
      return [];
    });
    if (encrypted.length > 0) this.logger.log(`encrypted plain secrets of ${encrypted.join(', ')}`);
    this.states.learnDesired(this.catalog.serviceNames());
    this.stopListening = this.catalog.onOutsideChange((change) => this.outsideChange(change));
    this.logger.log(`${this.catalog.size} service(s) configured`);
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  // ---- reading (memory only) ----

  /** Every readable service, sorted by name. */
  list(): readonly ServiceRecord[] {
    return this.catalog.services();
  }

  /** Grows with every change of a stored config, state or snapshot file, or a problem with one. */
  changes(): number {
    return this.catalog.changes;
  }

  /** Number of services, readable or not (the cap counts them all). */
  size(): number {
    return this.catalog.size;
  }

  /** The service, or 404; a service whose file cannot be read throws that problem. */
  get(name: string): ServiceRecord {
    const record = this.catalog.service(name);
    if (!record) throw new NotFoundException(`Service '${name}' not found`);
    return record;
  }

  /** The service, or null when it is unknown or unreadable. */
  find(name: string): ServiceRecord | null {
    try {
      return this.catalog.service(name);
    } catch {
      return null;
    }
  }

  exists(name: string): boolean {
    return this.catalog.hasService(name);
  }

  /** Services of one type (an index rebuilt only after a change of the catalog). */
  ofType(type: string): readonly ServiceRecord[] {
    const all = this.catalog.services();
    if (this.byType === null || this.indexedFrom !== all) {
      const index = new Map<string, ServiceRecord[]>();
      for (const record of all) {
        const list = index.get(record.type);
        if (list) list.push(record);
        else index.set(record.type, [record]);
      }
      this.byType = index;
      this.indexedFrom = all;
    }
    return this.byType.get(type) ?? [];
  }

  /** Services whose config, state or snapshot file cannot be read, each named once (config problem first). */
  problems(): ServiceProblem[] {
    const seen = new Set<string>();
    const out: ServiceProblem[] = [];
    for (const problem of this.catalog.problems()) {
      if (seen.has(problem.name)) continue;
      seen.add(problem.name);
      out.push({ name: problem.name, path: problem.path, message: problem.message });
    }
    return out.sort((a, b) => BY_NAME.compare(a.name, b.name));
  }

  availableTypes(): string[] {
    return this.backends.types();
  }

  isSupported(type: string): boolean {
    return this.backends.has(type);
  }

  describeType(type: string): BackendTypeDescription {
    return this.backends.describe(type);
  }

  driver(type: string): StorageBackendDriver {
    return this.backends.get(type);
  }

  /** The store's secret fields of a type and its driver's, sorted; built again only when the store's change. */
  secretFields(type: string): readonly string[] {
    const stored = this.store.secretFieldsFor(type);
    const cached = this.secretFieldsByType.get(type);
    if (cached && cached.from === stored) return cached.fields;
    const fields = new Set(stored);
    if (this.backends.has(type)) for (const field of this.backends.describe(type).secret_fields) fields.add(field);
    const sorted = Object.freeze([...fields].sort());
    this.secretFieldsByType.set(type, { from: stored, fields: sorted });
    return sorted;
  }

  secretValues(record: ServiceRecord): string[] {
    return secretValuesOf(record.config, this.secretFields(record.type));
  }

  // ---- changing ----

  async add(input: AddServiceInput): Promise<ServiceRecord> {
    const type = input.type ?? input.name;
    const config = dropNulls(input.config ?? {});
    if (this.catalog.hasService(input.name)) throw new ConflictException(`Service '${input.name}' already exists`);
    if (this.catalog.size >= this.settings.maxServices) {
      throw new ConflictException(
        `At most ${this.settings.maxServices} services can be configured (IPFS_KIT_MAX_SERVICES); remove one or raise the limit`,
      );
    }
    this.rememberSecrets(type, config);
    await this.validate(type, config);
    const record = await this.store.setServiceConfig(input.name, config, { type, mode: 'create' });
    await this.states.update(input.name, () => initialState());
    await this.snapshots.delete(input.name);
    this.events.emit({ type: 'service_added', service: input.name, at: new Date().toISOString() });
    return record;
  }

  /** PUT: the body is the whole config; secrets left out or sent as the placeholder keep their value, `null` removes one. */
  async replaceConfig(name: string, body: Record<string, unknown>): Promise<ServiceRecord> {
    const current = this.get(name);
    const next = keepStoredSecrets(dropNulls(body), body, current.config, this.secretFields(current.type), true);
    return this.saveConfig(current, next);
  }

  /** PATCH: JSON Merge Patch over the stored config (`null` removes a field; the placeholder keeps a secret). */
  async patchConfig(name: string, patch: Record<string, unknown>): Promise<ServiceRecord> {
    const current = this.get(name);
    const next = keepStoredSecrets(mergePatch(current.config, patch), patch, current.config, this.secretFields(current.type), true);
    return this.saveConfig(current, next);
  }

  /** Deletes the config, state and snapshot. The caller stops the service first. */
  async delete(name: string): Promise<void> {
    await this.states.forget(name);
    await this.snapshots.forget(name);
    await this.store.deleteServiceConfig(name, { purge: true });
    this.events.emit({ type: 'service_removed', service: name, at: new Date().toISOString() });
  }

  /** Validates a config against its type's schema; 400 naming the type or the fields. */
  async validate(type: string, config: Record<string, unknown>): Promise<{ driver: StorageBackendDriver; instance: CommonServiceConfig }> {
    if (!this.backends.has(type)) {
      const available = this.backends.types();
      throw new FieldValidationException([
        { field: 'type', messages: [`unknown service type "${type}"; available: ${available.join(', ') || 'none'}`] },
      ]);
    }
    const driver = this.backends.get(type);
    const instance = await validateConfig(driver.configClass, config);
    assertAllowedBinary(instance, this.settings.guards.daemonBinaries);
    return { driver, instance };
  }

  /** Secrets in a request stay masked in logs and errors even if the config is refused. */
  rememberSecrets(type: string, config: Record<string, unknown>): void {
    const values = this.secretFields(type)
      .map((field) => config[field])
      .filter((value): value is string => typeof value === 'string' && value !== '');
    if (values.length > 0) this.redactor.remember(values);
  }

  private async saveConfig(current: ServiceRecord, next: Record<string, unknown>): Promise<ServiceRecord> {
    this.rememberSecrets(current.type, next);
    await this.validate(current.type, next);
    // The same config again (e.g. a GET answer sent back): nothing to write, nothing changed.
    if (isDeepStrictEqual(sortedKeys(next), sortedKeys(current.config))) return current;
    const record = await this.store.setServiceConfig(current.name, next as JsonObject, { type: current.type, mode: 'update' });
    await this.snapshots.invalidateReads(current.name);
    this.events.emit({ type: 'config_changed', service: current.name, at: new Date().toISOString() });
    return record;
  }

  /** A hand edit, another API process or a restore changed a file: the same events as our own changes. */
  private outsideChange(change: CatalogChange): void {
    const at = new Date().toISOString();
    if (change.folder === 'services') {
      const type = change.change === 'added' ? 'service_added' : change.change === 'removed' ? 'service_removed' : 'config_changed';
      this.events.emit({ type, service: change.name, at });
    } else if (change.folder === 'state' && change.change === 'removed') {
      this.states.outsideRemoval();
    } else if (change.folder === 'state') {
      const desired = this.states.outsideChange(change.name);
      if (desired) this.events.emit({ type: 'desired_state', service: change.name, at, desired_state: desired });
    } else if (change.folder === 'monitoring') {
      this.snapshots.outsideChange(change.name);
    }
  }
}

/** A copy with the top-level keys in order, so that key order alone never counts as a change. */
function sortedKeys(config: Readonly<Record<string, unknown>>): Array<[string, unknown]> {
  return Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Top-level `null` means "not set": such keys are left out. */
function dropNulls(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value !== null && value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
