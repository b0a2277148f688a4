import type { CallOptions } from './backend-call';
import type { BackendCapabilities, BackendStats, BackendTemplate, ProbeResult } from './backend-results';
import type { CommonServiceConfig } from './common-service.config';
import type { StorageInfo } from './storage-info';
import type { DaemonState } from './daemon-state';
import type { ItemsPage, ItemsQuery } from './service-items';

/** What a driver may use of the system around it. */
export interface BackendContext {
  /** The configured service's name (several services may share a type). */
  serviceName: string;
  /** The store folder (~/.ipfs_kit); daemons keep PID files in state/ and logs in logs/. */
  home: string;
  logger: BackendLogger;
}

/** Log lines pass through the store's redaction before they are written. */
export interface BackendLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * One configured service, connected. Every method takes a deadline; a failure
 * throws a BackendError whose message holds no secret.
 */
export interface BackendConnection {
  /** Cheap liveness, run often. */
  probe(call: CallOptions): Promise<ProbeResult>;
  /** Bandwidth, peers, objects, rate limits...; may be expensive, run rarely. */
  stats(call: CallOptions): Promise<BackendStats>;
  /** Limits: how much may be stored. */
  quota(call: CallOptions): Promise<StorageInfo>;
  /** Use: how much is stored. */
  storage(call: CallOptions): Promise<StorageInfo>;
  /** Daemons: start or adopt the process. Storage types: verify and activate. */
  start(call: CallOptions): Promise<void>;
  stop(call: CallOptions): Promise<void>;
  /** Releases sockets and clients; safe to call twice. */
  close(): Promise<void>;
  /** Daemon types: the supervised process (status, pid, crash count), for state files and the API. */
  daemonState?(): DaemonState;
  /** Optional: a read-only, bounded, paginated listing of what the service holds (see service-items). */
  items?(query: ItemsQuery, call: CallOptions): Promise<ItemsPage>;
}

/**
 * A storage service type. Each lives in its own folder, is marked with
 * `@StorageBackend()` so the registry finds it, and is listed once in BACKEND_DRIVERS.
 */
export interface StorageBackendDriver<C extends CommonServiceConfig = CommonServiceConfig> {
  /** The type id (`s3`, `ipfs_cluster`...): lower case, digits and `_`; declare it `as const`. */
  readonly type: string;
  readonly displayName: string;
  readonly description: string;
  /** class-validator DTO; its `@ConfigField` decorators describe the form. */
  readonly configClass: new () => C;
  readonly capabilities: BackendCapabilities;
  readonly templates: readonly BackendTemplate[];
  connect(config: C, context: BackendContext): BackendConnection;
}
