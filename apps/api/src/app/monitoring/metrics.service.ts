import { Injectable } from '@nestjs/common';
import type { StorageInfo } from '@ipfs-kit/backends';
import { ServiceManager } from '../services/service-manager.service';
import { ServiceSnapshotStore } from '../services/service-snapshot.store';
import { ServiceStateStore } from '../services/service-state.store';
import { SERVICE_HEALTHS, SERVICE_STATUSES } from '../services/service-state';
import { PrometheusText } from './prometheus-text';
import { ResourceMonitor } from './resource-monitor.service';

/** Prometheus metrics from the store (never a live backend call): a scrape is always quick. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly manager: ServiceManager,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly resources: ResourceMonitor,
  ) {}

  async render(): Promise<string> {
    const rows = await Promise.all(
      (await this.manager.list()).map(async (record) => ({
        labels: { service: record.name, type: record.type },
        state: await this.states.get(record.name),
        data: (await this.snapshots.get(record.name).catch(() => null))?.data ?? {},
      })),
    );
    const storage = (value: unknown): StorageInfo | null => (value && typeof value === 'object' ? (value as StorageInfo) : null);
    const text = new PrometheusText()
      .gauge('ipfs_kit_services', 'Configured services.', [{ value: rows.length }])
      .gauge(
        'ipfs_kit_service_up',
        '1 when the service runs and its last probe succeeded, else 0.',
        rows.map((row) => ({ labels: row.labels, value: row.state.status === 'running' && row.state.health !== 'unhealthy' && row.state.error === null ? 1 : 0 })),
      )
      .gauge(
        'ipfs_kit_service_desired_running',
        '1 when the service is wanted running (started), else 0.',
        rows.map((row) => ({ labels: row.labels, value: row.state.desired_state === 'started' ? 1 : 0 })),
      )
      .gauge(
        'ipfs_kit_service_status',
        'The service status, one series per possible status (1 for the current one).',
        rows.flatMap((row) => SERVICE_STATUSES.map((status) => ({ labels: { ...row.labels, status }, value: row.state.status === status ? 1 : 0 }))),
      )
      .gauge(
        'ipfs_kit_service_health',
        'The service health, one series per possible health (1 for the current one).',
        rows.flatMap((row) => SERVICE_HEALTHS.map((health) => ({ labels: { ...row.labels, health }, value: row.state.health === health ? 1 : 0 }))),
      )
      .gauge(
        'ipfs_kit_probe_latency_seconds',
        'Latency of the last successful probe.',
        rows.map((row) => ({ labels: row.labels, value: row.state.latency_ms === null ? null : row.state.latency_ms / 1000 })),
      )
      .counter('ipfs_kit_probe_checks_total', 'Health checks run.', rows.map((row) => ({ labels: row.labels, value: row.state.check_count })))
      .counter('ipfs_kit_probe_failures_total', 'Health checks that failed.', rows.map((row) => ({ labels: row.labels, value: row.state.failure_count })))
      .gauge('ipfs_kit_probe_consecutive_failures', 'Failed checks in a row.', rows.map((row) => ({ labels: row.labels, value: row.state.consecutive_failures })))
      .gauge('ipfs_kit_quota_used_bytes', 'Bytes used against the quota (last stored quota read).', rows.map((row) => ({ labels: row.labels, value: storage(row.data.quota?.value)?.used ?? null })))
      .gauge('ipfs_kit_quota_total_bytes', 'The quota in bytes (last stored quota read).', rows.map((row) => ({ labels: row.labels, value: storage(row.data.quota?.value)?.total ?? null })))
      .gauge('ipfs_kit_storage_used_bytes', 'Bytes stored (last stored storage read).', rows.map((row) => ({ labels: row.labels, value: storage(row.data.storage?.value)?.used ?? null })))
      .gauge('ipfs_kit_storage_objects', 'Objects stored (last stored storage read).', rows.map((row) => ({ labels: row.labels, value: storage(row.data.storage?.value)?.objects ?? null })));

    const { host, api, daemons } = await this.resources.current();
    text
      .gauge('ipfs_kit_host_cpu_percent', 'Host CPU use in percent.', [{ value: host?.cpu_percent ?? null }])
      .gauge('ipfs_kit_host_memory_used_bytes', 'Host memory in use.', [{ value: host?.memory_used_bytes ?? null }])
      .gauge('ipfs_kit_host_memory_total_bytes', 'Host memory in total.', [{ value: host?.memory_total_bytes ?? null }])
      .gauge('ipfs_kit_host_disk_used_bytes', 'Used bytes of the disk holding the store.', [{ value: host?.disk_used_bytes ?? null }])
      .gauge('ipfs_kit_host_disk_total_bytes', 'Size of the disk holding the store.', [{ value: host?.disk_total_bytes ?? null }])
      .gauge('ipfs_kit_process_cpu_percent', 'CPU use of the API and of each managed daemon.', [
        { labels: { process: 'api' }, value: api?.cpu_percent ?? null },
        ...daemons.map((daemon) => ({ labels: { process: daemon.service }, value: daemon.cpu_percent })),
      ])
      .gauge('ipfs_kit_process_resident_memory_bytes', 'Resident memory of the API and of each managed daemon.', [
        { labels: { process: 'api' }, value: api?.memory_rss_bytes ?? null },
        ...daemons.map((daemon) => ({ labels: { process: daemon.service }, value: daemon.memory_rss_bytes })),
      ]);
    return text.toString();
  }
}
