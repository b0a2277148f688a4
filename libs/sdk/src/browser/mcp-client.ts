import { createIpfsKitClient } from '../client/create-ipfs-kit-client';
import type { Client } from '../generated/client';
import {
  addService,
  getAllServicesStatus,
  getMonitoringData,
  getServiceConfig,
  getServiceConfigInfo,
  getServiceQuota,
  getServiceStats,
  getServiceStatus,
  getServiceStorage,
  getSystemHealth,
  listServices,
  patchServiceConfig,
  removeService,
  restartService,
  startService,
  stopService,
  updateServiceConfig,
} from '../generated/sdk.gen';
import type {
  ActionResponseDto,
  AddServiceDto,
  ConfigUpdateResponseDto,
  GetAllServicesStatusResponse,
  GetMonitoringDataResponse,
  GetSystemHealthResponse,
  QuotaResponseDto,
  ServiceConfigResponseDto,
  ServiceListResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  StorageResponseDto,
} from '../generated/types.gen';
import { unwrap } from './mcp-api-error';
import { pageToken } from './page-token';

export type ServiceType = NonNullable<AddServiceDto['type']>;
export type ServiceConfig = Record<string, unknown>;

export interface McpClientOptions {
  /** Where the API listens; '' (the default) for the page's own origin. */
  baseUrl?: string;
  /** The API token; by default `?token=` of the page, else session storage 'ipfs-kit.token'. */
  token?: string | null;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface AddServiceOptions {
  /** Start the service right after adding it. */
  start?: boolean;
}

const live = (refresh: boolean | undefined) => (refresh ? { refresh: 'true' as const } : undefined);

/**
 * The original JavaScript library's client, built on the generated SDK: each method
 * resolves to the API's answer, or rejects with a McpApiError carrying its message.
 */
export class McpClient {
  /** The generated SDK's client, for calls this class has no method for. */
  readonly sdk: Client;

  constructor(options: McpClientOptions = {}) {
    const token = options.token === undefined ? pageToken() : options.token;
    this.sdk = createIpfsKitClient({ baseUrl: options.baseUrl ?? '', token, ...(options.fetch ? { fetch: options.fetch } : {}) });
  }

  listServices(): Promise<ServiceListResponseDto> {
    return unwrap('listServices', listServices({ client: this.sdk }));
  }

  getAllServicesStatus(refresh?: boolean): Promise<GetAllServicesStatusResponse> {
    return unwrap('getAllServicesStatus', getAllServicesStatus({ client: this.sdk, query: live(refresh) }));
  }

  getServiceStatus(name: string, refresh?: boolean): Promise<ServiceStatusDto> {
    return unwrap(`getServiceStatus(${name})`, getServiceStatus({ client: this.sdk, path: { name }, query: live(refresh) }));
  }

  /** As the original: `addService('s3', {...})` adds a service whose type is its name. */
  addService(name: string, config: ServiceConfig = {}, type?: ServiceType, options: AddServiceOptions = {}): Promise<ActionResponseDto> {
    const body: AddServiceDto = { name, config, ...(type ? { type } : {}), ...(options.start ? { start: true } : {}) };
    return unwrap(`addService(${name})`, addService({ client: this.sdk, body }));
  }

  removeService(name: string): Promise<ActionResponseDto> {
    return unwrap(`removeService(${name})`, removeService({ client: this.sdk, path: { name } }));
  }

  startService(name: string): Promise<ActionResponseDto> {
    return unwrap(`startService(${name})`, startService({ client: this.sdk, path: { name } }));
  }

  stopService(name: string): Promise<ActionResponseDto> {
    return unwrap(`stopService(${name})`, stopService({ client: this.sdk, path: { name } }));
  }

  restartService(name: string): Promise<ActionResponseDto> {
    return unwrap(`restartService(${name})`, restartService({ client: this.sdk, path: { name } }));
  }

  /** The bare config, as the original answers it; each stored secret is a placeholder that PUT and PATCH keep. */
  getServiceConfig(name: string): Promise<Record<string, unknown>> {
    return unwrap(`getServiceConfig(${name})`, getServiceConfig({ client: this.sdk, path: { name } }));
  }

  /** The config without secrets, which secrets are set, its version and last update. */
  getServiceConfigInfo(name: string): Promise<ServiceConfigResponseDto> {
    return unwrap(`getServiceConfigInfo(${name})`, getServiceConfigInfo({ client: this.sdk, path: { name } }));
  }

  /** Replaces the whole config (PUT); `patchServiceConfig` changes only the given keys. */
  updateServiceConfig(name: string, config: ServiceConfig): Promise<ConfigUpdateResponseDto> {
    return unwrap(`updateServiceConfig(${name})`, updateServiceConfig({ client: this.sdk, path: { name }, body: config }));
  }

  patchServiceConfig(name: string, changes: ServiceConfig): Promise<ConfigUpdateResponseDto> {
    return unwrap(`patchServiceConfig(${name})`, patchServiceConfig({ client: this.sdk, path: { name }, body: changes }));
  }

  getServiceStats(name: string, refresh?: boolean): Promise<ServiceStatsResponseDto> {
    return unwrap(`getServiceStats(${name})`, getServiceStats({ client: this.sdk, path: { name }, query: live(refresh) }));
  }

  getServiceQuota(name: string, refresh?: boolean): Promise<QuotaResponseDto> {
    return unwrap(`getServiceQuota(${name})`, getServiceQuota({ client: this.sdk, path: { name }, query: live(refresh) }));
  }

  getServiceStorage(name: string, refresh?: boolean): Promise<StorageResponseDto> {
    return unwrap(`getServiceStorage(${name})`, getServiceStorage({ client: this.sdk, path: { name }, query: live(refresh) }));
  }

  getMonitoringData(name: string): Promise<GetMonitoringDataResponse> {
    return unwrap(`getMonitoringData(${name})`, getMonitoringData({ client: this.sdk, path: { name } }));
  }

  getSystemHealth(): Promise<GetSystemHealthResponse> {
    return unwrap('getSystemHealth', getSystemHealth({ client: this.sdk }));
  }
}

/** `MCP.createClient({ baseUrl, token? })`. */
export function createClient(options: McpClientOptions = {}): McpClient {
  return new McpClient(options);
}
