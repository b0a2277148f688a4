import { ConflictException, Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  BackendRegistry,
  validateConfig,
  type BackendConnection,
  type BackendTypeDescription,
  type CommonServiceConfig,
  type StorageBackendDriver,
} from '@ipfs-kit/backends';
import { MetadataManager, secretValuesOf, type JsonObject, type ServiceRecord } from '@ipfs-kit/metadata';
import { ServiceEventsService } from '../events/service-events.service';
import { FieldValidationException } from '../http/error-response';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { mergePatch } from './config-merge';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { initialState } from './service-state';
import { ServiceStateStore } from './service-state.store';

/** A live connection to a configured service, with the config it was made from. */
export interface ConnectedService {
  record: ServiceRecord;
  driver: StorageBackendDriver;
  config: CommonServiceConfig;
  connection: BackendConnection;
}

export interface AddServiceInput {
  name: string;
  type?: string;
  config?: Record<string, unknown>;
}

/**
 * The configured services: their configs in the store (validated against each type's
 * schema, secrets kept when an update leaves them out) and one connection per service.
 */
@Injectable()
export class ServiceManager implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceManager.name);
  private readonly connections = new Map<string, { stamp: string; connected: ConnectedService }>();

  constructor(
    private readonly store: MetadataManager,
    private readonly backends: BackendRegistry,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const description of this.backends.describeAll()) {
      if (description.secret_fields.length > 0) this.store.registerSecretFields(description.type, description.secret_fields);
    }
    // Reading every service teaches the store its secret values, so they are masked everywhere from now on.
    const services = await this.list();
    const encrypted = await this.store.encryptPlainSecrets().catch((error: unknown) => {
      this.logger.warn(`could not encrypt plain secrets: ${(error as Error).message}`);
      return [];
    });
    if (encrypted.length > 0) this.logger.log(`encrypted plain secrets of ${encrypted.join(', ')}`);
    this.logger.log(`${services.length} service(s) configured`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((name) => this.closeConnection(name)));
  }

  // ---- reading ----

  list(): Promise<ServiceRecord[]> {
    return this.store.listServices({ skipCorrupt: true });
  }

  /** The stored service, or 404. */
  async get(name: string): Promise<ServiceRecord> {
    const record = await this.store.getServiceConfig(name);
    if (!record) throw new NotFoundException(`Service '${name}' not found`);
    return record;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.store.getServiceConfig(name).catch(() => null)) !== null;
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

  secretFields(type: string): string[] {
    const fields = new Set(this.store.secretFieldsFor(type));
    if (this.backends.has(type)) for (const field of this.backends.describe(type).secret_fields) fields.add(field);
    return [...fields].sort();
  }

  secretValues(record: ServiceRecord): string[] {
    return secretValuesOf(record.config, this.secretFields(record.type));
  }

  // ---- changing ----

  async add(input: AddServiceInput): Promise<ServiceRecord> {
    const type = input.type ?? input.name;
    const config = dropNulls(input.config ?? {});
    if (await this.store.getServiceConfig(input.name).catch(() => null)) {
      throw new ConflictException(`Service '${input.name}' already exists`);
    }
    this.rememberSecrets(type, config);
    await this.validate(type, config);
    const record = await this.store.setServiceConfig(input.name, config, { type, mode: 'create' });
    await this.states.update(input.name, () => initialState());
    await this.snapshots.delete(input.name);
    this.events.emit({ type: 'service_added', service: input.name, at: new Date().toISOString() });
    return record;
  }

  /** PUT: the body is the whole config; omitted secret fields keep their stored value, `null` removes one. */
  async replaceConfig(name: string, body: Record<string, unknown>): Promise<ServiceRecord> {
    const current = await this.get(name);
    const next: Record<string, unknown> = dropNulls(body);
    for (const field of this.secretFields(current.type)) {
      if (!Object.prototype.hasOwnProperty.call(body, field) && current.config[field] !== undefined) next[field] = current.config[field];
    }
    return this.saveConfig(current, next);
  }

  /** PATCH: JSON Merge Patch over the stored config (`null` removes a field). */
  async patchConfig(name: string, patch: Record<string, unknown>): Promise<ServiceRecord> {
    const current = await this.get(name);
    return this.saveConfig(current, mergePatch(current.config, patch));
  }

  /** Deletes the config, state, snapshot and connection. The caller stops the service first. */
  async delete(name: string): Promise<void> {
    await this.closeConnection(name);
    await this.store.deleteServiceConfig(name, { purge: true });
    this.events.emit({ type: 'service_removed', service: name, at: new Date().toISOString() });
  }

  // ---- connections ----

  /** The connection of a configured service, made on first use and remade after a config change. */
  async connect(name: string): Promise<ConnectedService> {
    const record = await this.get(name);
    const stamp = `${record.lastUpdated ?? ''}|${JSON.stringify(record.config)}`;
    const cached = this.connections.get(name);
    if (cached?.stamp === stamp) return cached.connected;
    if (cached) await this.closeConnection(name);
    const driver = this.backends.get(record.type);
    const config = await validateConfig(driver.configClass, record.config);
    const connection = driver.connect(config, this.contextFor(name));
    const connected = { record, driver, config, connection };
    this.connections.set(name, { stamp, connected });
    return connected;
  }

  /** A connection for a config that is not stored (the test endpoint); the caller closes it. */
  async connectUnsaved(type: string, config: Record<string, unknown>, label: string): Promise<Omit<ConnectedService, 'record'>> {
    const { driver, instance } = await this.validate(type, config);
    return { driver, config: instance, connection: driver.connect(instance, this.contextFor(label)) };
  }

  async closeConnection(name: string): Promise<void> {
    const cached = this.connections.get(name);
    if (!cached) return;
    this.connections.delete(name);
    await cached.connected.connection.close().catch((error: unknown) => {
      this.logger.warn(`closing the connection of ${name} failed: ${this.redactor.redact(String((error as Error).message))}`);
    });
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
    const record = await this.store.setServiceConfig(current.name, next as JsonObject, { type: current.type, mode: 'update' });
    await this.closeConnection(current.name);
    await this.snapshots.invalidateReads(current.name);
    this.events.emit({ type: 'config_changed', service: current.name, at: new Date().toISOString() });
    return record;
  }

  private contextFor(name: string) {
    const logger = new Logger(`backend:${name}`);
    return {
      serviceName: name,
      home: this.settings.home,
      logger: {
        log: (message: string) => logger.log(this.redactor.redact(message)),
        warn: (message: string) => logger.warn(this.redactor.redact(message)),
        error: (message: string) => logger.error(this.redactor.redact(message)),
      },
    };
  }
}

/** Top-level `null` means "not set": such keys are left out. */
function dropNulls(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value !== null && value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
