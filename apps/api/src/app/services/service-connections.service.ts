import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import {
  DEFAULT_TIMEOUT_MS,
  validateConfig,
  type BackendConnection,
  type CallOptions,
  type CommonServiceConfig,
  type StorageBackendDriver,
} from '@ipfs-kit/backends';
import type { ServiceRecord } from '@ipfs-kit/metadata';
import { withTimeout } from '../common/deadline';
import { ServiceEventsService } from '../events/service-events.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { ServiceCatalog } from './service-catalog.service';

/** A live connection to a configured service, with the config it was made from. */
export interface ConnectedService {
  record: ServiceRecord;
  driver: StorageBackendDriver;
  config: CommonServiceConfig;
  connection: BackendConnection;
}

/** What the API allows a call beyond the driver's own timeout before it gives up on a driver that ignores it. */
const GRACE_MS = 2_000;

/**
 * One connection per configured service, made on first use and remade after its
 * config changed, closed when the service is removed; and `call`, the one place
 * that bounds a call to a backend in time (the service's timeout_ms, or a longer
 * one given by the caller, plus a grace the API allows a driver that ignores it).
 */
@Injectable()
export class ServiceConnections implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceConnections.name);
  private readonly connections = new Map<string, ConnectedService>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'service_removed' || event.type === 'config_changed') void this.close(event.service);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.all([...this.connections.keys()].map((name) => this.close(name)));
  }

  /** The connection of a configured service (made on first use, remade when its config changed). */
  async connect(name: string): Promise<ConnectedService> {
    const record = this.catalog.get(name);
    const cached = this.connections.get(name);
    if (cached?.record === record) return cached;
    if (cached) await this.close(name);
    const driver = this.catalog.driver(record.type);
    const config = await validateConfig(driver.configClass, record.config);
    const connected = { record, driver, config, connection: driver.connect(config, this.contextFor(name)) };
    this.connections.set(name, connected);
    return connected;
  }

  /** A connection for a config that is not stored (the test endpoint); the caller closes it. */
  async connectUnsaved(type: string, config: Record<string, unknown>, label: string): Promise<Omit<ConnectedService, 'record'>> {
    const { driver, instance } = await this.catalog.validate(type, config);
    return { driver, config: instance, connection: driver.connect(instance, this.contextFor(label)) };
  }

  /**
   * Runs one call on a connection, bounded in time: the driver gets `timeoutMs`
   * (default: the service's timeout_ms), and the API gives up a grace later.
   */
  call<T>(
    connected: Pick<ConnectedService, 'connection' | 'config'>,
    what: string,
    run: (connection: BackendConnection, options: CallOptions) => Promise<T>,
    timeoutMs: number = connected.config.timeout_ms ?? DEFAULT_TIMEOUT_MS,
  ): Promise<T> {
    return withTimeout(run(connected.connection, { timeoutMs }), timeoutMs + GRACE_MS, what);
  }

  async close(name: string): Promise<void> {
    const cached = this.connections.get(name);
    if (!cached) return;
    this.connections.delete(name);
    await cached.connection.close().catch((error: unknown) => {
      this.logger.warn(`closing the connection of ${name} failed: ${this.redactor.redact(String((error as Error).message))}`);
    });
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
