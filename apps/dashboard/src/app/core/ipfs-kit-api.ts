import { Injectable, inject } from '@angular/core';
import {
  addService,
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
import { dashboardClient, sdkData, type SdkResult } from './sdk-call';

export type ServiceAction = 'start' | 'stop' | 'restart';

/**
 * Every call the dashboard makes, through the generated SDK only. Answers are the data;
 * failures throw an ApiCallError carrying the API's JSON error message. Tests replace
 * this class with a fake.
 */
@Injectable({ providedIn: 'root' })
export class IpfsKitApi {
  private readonly token = inject(ApiToken);
  private readonly client: Client = dashboardClient(this.token.get());

  /** The URL of the live event stream (EventSource cannot send headers). */
  eventsUrl(): string {
    const token = this.token.get();
    return `${window.location.origin}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  }

  listServices(): Promise<ServiceListResponseDto> {
    return sdkData(listServices({ client: this.client }));
  }

  /** The whole store as one JSON file (secrets stay encrypted). */
  async backupFile(): Promise<Blob> {
    return sdkData(downloadBackup({ client: this.client, parseAs: 'blob' }) as Promise<SdkResult<Blob>>);
  }

  /** Restores a backup; with `dryRun` only answers what would change. */
  restore(backup: Record<string, unknown>, dryRun: boolean): Promise<RestoreResultDto> {
    return sdkData(
      restoreBackup({
        client: this.client,
        body: backup,
        query: { mode: 'merge', dry_run: dryRun ? 'true' : 'false' },
      }),
    );
  }

  /** Every service with status, health, reason, latency and its last checks, in one call. */
  overview(): Promise<OverviewResponseDto> {
    return sdkData(getServicesOverview({ client: this.client }));
  }

  /** The API's health, with `fleet` (connected to NATS or not) on a node in fleet mode. */
  health(): Promise<SystemHealthDto> {
    return sdkData(getSystemHealth({ client: this.client }));
  }

  /** Every node of the fleet (409 on a standalone node). */
  fleetNodes(): Promise<FleetNodesResponseDto> {
    return sdkData(listFleetNodes({ client: this.client }));
  }

  /** Every service of every node of the fleet, each row with the service's state across the nodes. */
  fleetServices(): Promise<FleetServicesResponseDto> {
    return sdkData(listFleetServices({ client: this.client }));
  }

  async listTypes(): Promise<BackendTypeDto[]> {
    return (await sdkData(listBackendTypes({ client: this.client }))).types;
  }

  status(name: string): Promise<ServiceStatusDto> {
    return sdkData(getServiceStatus({ client: this.client, path: { name } }));
  }

  stats(name: string): Promise<ServiceStatsResponseDto> {
    return sdkData(getServiceStats({ client: this.client, path: { name } }));
  }

  storage(name: string): Promise<StorageResponseDto> {
    return sdkData(getServiceStorage({ client: this.client, path: { name } }));
  }

  quota(name: string): Promise<QuotaResponseDto> {
    return sdkData(getServiceQuota({ client: this.client, path: { name } }));
  }

  config(name: string): Promise<ServiceConfigResponseDto> {
    return sdkData(getServiceConfigInfo({ client: this.client, path: { name } }));
  }

  /** A service's history (checks, or storage against its quota) over [from, to] at the resolution the API picks for the span (or the one given). */
  historyRange(
    name: string,
    from: Date,
    to: Date,
    resolution?: 'raw' | 'minute' | 'hour' | 'day',
    series: 'probe' | 'storage' = 'probe',
  ): Promise<HistoryResponseDto> {
    return sdkData(
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
    return sdkData(
      getStatusChanges({ client: this.client, path: { name }, query: { since: since.toISOString(), limit } }),
    );
  }

  /** The last lines of a supervised daemon's log; with `after`, only the lines written since. */
  logs(name: string, after?: number): Promise<DaemonLogResponseDto> {
    return sdkData(
      getServiceLogs({
        client: this.client,
        path: { name },
        query: after === undefined ? { lines: 200 } : { lines: 200, after },
      }),
    );
  }

  history(name: string): Promise<HistoryResponseDto> {
    return sdkData(
      getMonitoringHistory({ client: this.client, path: { name }, query: { series: 'probe', limit: 60 } }),
    );
  }

  add(body: AddServiceDto): Promise<ActionResponseDto> {
    return sdkData(addService({ client: this.client, body }));
  }

  test(body: TestServiceConfigDto): Promise<TestResultDto> {
    return sdkData(testServiceConfig({ client: this.client, body }));
  }

  patchConfig(name: string, patch: Record<string, unknown>): Promise<ConfigUpdateResponseDto> {
    return sdkData(patchServiceConfig({ client: this.client, path: { name }, body: patch }));
  }

  act(name: string, action: ServiceAction): Promise<ActionResponseDto> {
    const options = { client: this.client, path: { name } };
    const calls = { start: startService, stop: stopService, restart: restartService };
    return sdkData(calls[action](options));
  }

  remove(name: string): Promise<ActionResponseDto> {
    return sdkData(removeService({ client: this.client, path: { name } }));
  }

  resources(): Promise<SystemResourcesDto> {
    return sdkData(getSystemResources({ client: this.client }));
  }

  resourceHistory(): Promise<HistoryResponseDto> {
    return sdkData(getResourceHistory({ client: this.client, query: { subject: 'host', limit: 60 } }));
  }
}
