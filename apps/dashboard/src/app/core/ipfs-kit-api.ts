import { Injectable, inject } from '@angular/core';
import {
  addService,
  apiErrorMessage,
  createIpfsKitClient,
  getMonitoringHistory,
  getResourceHistory,
  getServiceConfigInfo,
  getServiceQuota,
  getServiceStats,
  getServiceStatus,
  getServiceStorage,
  getServicesOverview,
  getStatusChanges,
  type StatusChangesResponseDto,
  getSystemHealth,
  listFleetNodes,
  listFleetServices,
  downloadBackup,
  restoreBackup,
  type RestoreResultDto,
  getServiceLogs,
  getSystemResources,
  listBackendTypes,
  listServices,
  patchServiceConfig,
  removeService,
  restartService,
  startService,
  stopService,
  testServiceConfig,
  type ActionResponseDto,
  type AddServiceDto,
  type BackendTypeDto,
  type Client,
  type ConfigUpdateResponseDto,
  type DaemonLogResponseDto,
  type FleetNodesResponseDto,
  type FleetServicesResponseDto,
  type SystemHealthDto,
  type OverviewResponseDto,
  type HistoryResponseDto,
  type QuotaResponseDto,
  type ServiceConfigResponseDto,
  type ServiceListResponseDto,
  type ServiceStatsResponseDto,
  type ServiceStatusDto,
  type StorageResponseDto,
  type SystemResourcesDto,
  type TestResultDto,
  type TestServiceConfigDto,
} from '@ipfs-kit/sdk';
import { ApiToken } from './api-token';

/** An API call that failed, with the API's own message. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export type ServiceAction = 'start' | 'stop' | 'restart';

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/**
 * Every call the dashboard makes, through the generated SDK only. Answers are the data;
 * failures throw an ApiCallError carrying the API's JSON error message. Tests replace
 * this class with a fake.
 */
@Injectable({ providedIn: 'root' })
export class IpfsKitApi {
  private readonly token = inject(ApiToken);
  private readonly client: Client = createIpfsKitClient({ baseUrl: window.location.origin, token: this.token.get() });

  /** The URL of the live event stream (EventSource cannot send headers). */
  eventsUrl(): string {
    const token = this.token.get();
    return `${window.location.origin}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  }

  listServices(): Promise<ServiceListResponseDto> {
    return this.call(listServices({ client: this.client }));
  }

  /** The whole store as one JSON file (secrets stay encrypted). */
  async backupFile(): Promise<Blob> {
    return this.call(downloadBackup({ client: this.client, parseAs: 'blob' }) as Promise<SdkResult<Blob>>);
  }

  /** Restores a backup; with `dryRun` only answers what would change. */
  restore(backup: Record<string, unknown>, dryRun: boolean): Promise<RestoreResultDto> {
    return this.call(
      restoreBackup({
        client: this.client,
        body: backup,
        query: { mode: 'merge', dry_run: dryRun ? 'true' : 'false' },
      }),
    );
  }

  /** Every service with status, health, reason, latency and its last checks, in one call. */
  overview(): Promise<OverviewResponseDto> {
    return this.call(getServicesOverview({ client: this.client }));
  }

  /** The API's health, with `fleet` (connected to NATS or not) on a node in fleet mode. */
  health(): Promise<SystemHealthDto> {
    return this.call(getSystemHealth({ client: this.client }));
  }

  /** Every node of the fleet (409 on a standalone node). */
  fleetNodes(): Promise<FleetNodesResponseDto> {
    return this.call(listFleetNodes({ client: this.client }));
  }

  /** Every service of every node of the fleet, each row with the service's state across the nodes. */
  fleetServices(): Promise<FleetServicesResponseDto> {
    return this.call(listFleetServices({ client: this.client }));
  }

  async listTypes(): Promise<BackendTypeDto[]> {
    return (await this.call(listBackendTypes({ client: this.client }))).types;
  }

  status(name: string): Promise<ServiceStatusDto> {
    return this.call(getServiceStatus({ client: this.client, path: { name } }));
  }

  stats(name: string): Promise<ServiceStatsResponseDto> {
    return this.call(getServiceStats({ client: this.client, path: { name } }));
  }

  storage(name: string): Promise<StorageResponseDto> {
    return this.call(getServiceStorage({ client: this.client, path: { name } }));
  }

  quota(name: string): Promise<QuotaResponseDto> {
    return this.call(getServiceQuota({ client: this.client, path: { name } }));
  }

  config(name: string): Promise<ServiceConfigResponseDto> {
    return this.call(getServiceConfigInfo({ client: this.client, path: { name } }));
  }

  /** A service's history (checks, or storage against its quota) over [from, to] at the resolution the API picks for the span (or the one given). */
  historyRange(
    name: string,
    from: Date,
    to: Date,
    resolution?: 'raw' | 'minute' | 'hour' | 'day',
    series: 'probe' | 'storage' = 'probe',
  ): Promise<HistoryResponseDto> {
    return this.call(
      getMonitoringHistory({
        client: this.client,
        path: { name },
        query: {
          series,
          from: from.toISOString(),
          to: to.toISOString(),
          limit: 10_000,
          ...(resolution ? { resolution } : {}),
        },
      }),
    );
  }

  /** A service's stored status changes with their reasons since `since`, newest first. */
  statusChanges(name: string, since: Date, limit = 100): Promise<StatusChangesResponseDto> {
    return this.call(
      getStatusChanges({ client: this.client, path: { name }, query: { since: since.toISOString(), limit } }),
    );
  }

  /** The last lines of a supervised daemon's log; with `after`, only the lines written since. */
  logs(name: string, after?: number): Promise<DaemonLogResponseDto> {
    return this.call(
      getServiceLogs({
        client: this.client,
        path: { name },
        query: after === undefined ? { lines: 200 } : { lines: 200, after },
      }),
    );
  }

  history(name: string): Promise<HistoryResponseDto> {
    return this.call(
      getMonitoringHistory({ client: this.client, path: { name }, query: { series: 'probe', limit: 60 } }),
    );
  }

  add(body: AddServiceDto): Promise<ActionResponseDto> {
    return this.call(addService({ client: this.client, body }));
  }

  test(body: TestServiceConfigDto): Promise<TestResultDto> {
    return this.call(testServiceConfig({ client: this.client, body }));
  }

  patchConfig(name: string, patch: Record<string, unknown>): Promise<ConfigUpdateResponseDto> {
    return this.call(patchServiceConfig({ client: this.client, path: { name }, body: patch }));
  }

  act(name: string, action: ServiceAction): Promise<ActionResponseDto> {
    const options = { client: this.client, path: { name } };
    const calls = { start: startService, stop: stopService, restart: restartService };
    return this.call(calls[action](options));
  }

  remove(name: string): Promise<ActionResponseDto> {
    return this.call(removeService({ client: this.client, path: { name } }));
  }

  resources(): Promise<SystemResourcesDto> {
    return this.call(getSystemResources({ client: this.client }));
  }

  resourceHistory(): Promise<HistoryResponseDto> {
    return this.call(getResourceHistory({ client: this.client, query: { subject: 'host', limit: 60 } }));
  }

  private async call<T>(request: Promise<SdkResult<T>>): Promise<T> {
    let result: SdkResult<T>;
    try {
      result = await request;
    } catch (error) {
      throw new ApiCallError(`Cannot reach the API: ${apiErrorMessage(error)}`, null);
    }
    const status = result.response?.status ?? null;
    if (result.error !== undefined || result.data === undefined) {
      throw new ApiCallError(apiErrorMessage(result.error, status ?? undefined), status);
    }
    return result.data;
  }
}
