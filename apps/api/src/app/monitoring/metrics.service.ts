import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { StorageInfo } from '@ipfs-kit/backends';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceSnapshotStore, type SnapshotData } from '../services/service-snapshot.store';
import { ServiceStateStore } from '../services/service-state.store';
import { SERVICE_HEALTHS, SERVICE_STATUSES, type ServiceState } from '../common/service-state';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { ResourceMonitor } from './resource-monitor.service';
import { StorageSampler } from './storage-sampler.service';

const SERVICE_LABELS = ['service', 'type'] as const;
const EVENT_LOOP_SAMPLE_MS = 100;

interface ServiceRow {
  labels: { service: string; type: string };
  state: ServiceState;
  data: SnapshotData;
}

type Family = Gauge<string> | Counter<string>;

function storage(value: unknown): StorageInfo | null {
  return value && typeof value === 'object' ? (value as StorageInfo) : null;
}

/**
 * Prometheus metrics through prom-client: the Node process metrics it brings (CPU, memory,
 * event loop lag, heap, GC) and the services' families, set at each scrape from the latest
 * states, snapshots and resource sample (never a backend call). A null value (never
 * measured) has no series rather than a made-up 0. Each app has its own registry.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly families: Family[] = [];
  private readonly unlabelled = new Set<Family>();
  private rendering: Promise<string> = Promise.resolve('');

  private readonly services = this.gauge('ipfs_kit_services', 'Configured services.', []);
  private readonly up = this.gauge('ipfs_kit_service_up', '1 when the service runs and its last probe succeeded, else 0.', SERVICE_LABELS);
  private readonly desiredRunning = this.gauge('ipfs_kit_service_desired_running', '1 when the service is wanted running (started), else 0.', SERVICE_LABELS);
  private readonly status = this.gauge('ipfs_kit_service_status', 'The service status, one series per possible status (1 for the current one).', ['service', 'status', 'type']);
  private readonly health = this.gauge('ipfs_kit_service_health', 'The service health, one series per possible health (1 for the current one).', ['health', 'service', 'type']);
  private readonly latency = this.gauge('ipfs_kit_probe_latency_seconds', 'Latency of the last successful probe.', SERVICE_LABELS);
  private readonly checks = this.counter('ipfs_kit_probe_checks_total', 'Health checks run.');
  private readonly failures = this.counter('ipfs_kit_probe_failures_total', 'Health checks that failed.');
  private readonly consecutive = this.gauge('ipfs_kit_probe_consecutive_failures', 'Failed checks in a row.', SERVICE_LABELS);
  private readonly quotaUsed = this.gauge('ipfs_kit_quota_used_bytes', 'Bytes used against the quota (last stored quota read).', SERVICE_LABELS);
  private readonly quotaTotal = this.gauge('ipfs_kit_quota_total_bytes', 'The quota in bytes (last stored quota read).', SERVICE_LABELS);
  private readonly storageUsed = this.gauge('ipfs_kit_storage_used_bytes', 'Bytes stored (last stored storage read).', SERVICE_LABELS);
  private readonly storageObjects = this.gauge('ipfs_kit_storage_objects', 'Objects stored (last stored storage read).', SERVICE_LABELS);
  private readonly hostCpu = this.gauge('ipfs_kit_host_cpu_percent', 'Host CPU use in percent.', []);
  private readonly hostMemoryUsed = this.gauge('ipfs_kit_host_memory_used_bytes', 'Host memory in use.', []);
  private readonly hostMemoryTotal = this.gauge('ipfs_kit_host_memory_total_bytes', 'Host memory in total.', []);
  private readonly hostDiskUsed = this.gauge('ipfs_kit_host_disk_used_bytes', 'Used bytes of the disk holding the store.', []);
  private readonly hostDiskTotal = this.gauge('ipfs_kit_host_disk_total_bytes', 'Size of the disk holding the store.', []);
  private readonly processCpu = this.gauge('ipfs_kit_process_cpu_percent', 'CPU use of the API and of each managed daemon.', ['process']);
  private readonly processRss = this.gauge('ipfs_kit_process_resident_memory_bytes', 'Resident memory of the API and of each managed daemon.', ['process']);
  private readonly samplerRefreshes = this.counter(
    'ipfs_kit_storage_sampler_refreshes_total',
    'Background storage and quota refreshes run by the storage sampler after a check (the stored values were older than their freshness).',
    [],
  );
  private readonly samplerQueued = this.gauge('ipfs_kit_storage_sampler_queued', 'Services waiting for a background storage refresh or in one.', []);

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly resources: ResourceMonitor,
    private readonly sampler: StorageSampler,
    @Inject(API_SETTINGS) settings: ApiSettings,
  ) {
    // In a fleet every series carries its node, so one Prometheus can scrape them all.
    if (settings.fleet) this.registry.setDefaultLabels({ node: settings.fleet.nodeName });
    // The event-loop delay histogram samples every 100 ms, not prom-client's 10 ms: at 10 ms
    // its timer wakes the process 100 times a second (about 2.7 ms of CPU a second on a
    // 2-core machine, the cost of a few checks); a block of the loop still shows in its max.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  /** The exposition text (format 0.0.4). Scrapes run one at a time: each sees one consistent set. */
  render(): Promise<string> {
    const next = this.rendering.catch(() => '').then(() => this.renderNow());
    this.rendering = next;
    return next;
  }

  private async renderNow(): Promise<string> {
    const rows = await this.serviceRows();
    for (const family of this.families) {
      family.reset();
      // reset() puts an unlabelled family back to 0; an unknown value must have no series instead.
      if (this.unlabelled.has(family)) family.remove({});
    }
    this.services.set(rows.length);
    for (const { labels, state, data } of rows) {
      this.up.set(labels, state.status === 'running' && state.health !== 'unhealthy' && state.error === null ? 1 : 0);
      this.desiredRunning.set(labels, state.desired_state === 'started' ? 1 : 0);
      for (const status of SERVICE_STATUSES) this.status.set({ service: labels.service, status, type: labels.type }, state.status === status ? 1 : 0);
      for (const health of SERVICE_HEALTHS) this.health.set({ health, service: labels.service, type: labels.type }, state.health === health ? 1 : 0);
      this.setKnown(this.latency, labels, state.latency_ms === null ? null : state.latency_ms / 1000);
      this.checks.inc(labels, state.check_count);
      this.failures.inc(labels, state.failure_count);
      this.consecutive.set(labels, state.consecutive_failures);
      this.setKnown(this.quotaUsed, labels, storage(data.quota?.value)?.used);
      this.setKnown(this.quotaTotal, labels, storage(data.quota?.value)?.total);
      this.setKnown(this.storageUsed, labels, storage(data.storage?.value)?.used);
      this.setKnown(this.storageObjects, labels, storage(data.storage?.value)?.objects);
    }
    const sampler = this.sampler.counts();
    this.samplerRefreshes.inc(sampler.refreshes);
    this.samplerQueued.set(sampler.queued);
    const { host, api, daemons } = await this.resources.current();
    this.setKnown(this.hostCpu, {}, host?.cpu_percent);
    this.setKnown(this.hostMemoryUsed, {}, host?.memory_used_bytes);
    this.setKnown(this.hostMemoryTotal, {}, host?.memory_total_bytes);
    this.setKnown(this.hostDiskUsed, {}, host?.disk_used_bytes);
    this.setKnown(this.hostDiskTotal, {}, host?.disk_total_bytes);
    this.setKnown(this.processCpu, { process: 'api' }, api?.cpu_percent);
    this.setKnown(this.processRss, { process: 'api' }, api?.memory_rss_bytes);
    for (const daemon of daemons) {
      this.setKnown(this.processCpu, { process: daemon.service }, daemon.cpu_percent);
      this.setKnown(this.processRss, { process: daemon.service }, daemon.memory_rss_bytes);
    }
    return this.registry.metrics();
  }

  /** From memory; a service whose files cannot be read has no rows (it is named by the list answers). */
  private async serviceRows(): Promise<ServiceRow[]> {
    return this.catalog.list().flatMap((record) => {
      const state = this.states.peek(record.name);
      return state ? [{ labels: { service: record.name, type: record.type }, state, data: this.snapshots.peek(record.name)?.data ?? {} }] : [];
    });
  }

  private setKnown(gauge: Gauge<string>, labels: Record<string, string>, value: number | null | undefined): void {
    if (typeof value === 'number' && Number.isFinite(value)) gauge.set(labels, value);
  }

  private gauge(name: string, help: string, labelNames: readonly string[]): Gauge<string> {
    const gauge = new Gauge({ name, help, labelNames, registers: [this.registry] });
    this.families.push(gauge);
    if (labelNames.length === 0) this.unlabelled.add(gauge);
    return gauge;
  }

  private counter(name: string, help: string, labelNames: readonly string[] = SERVICE_LABELS): Counter<string> {
    const counter = new Counter({ name, help, labelNames, registers: [this.registry] });
    this.families.push(counter);
    if (labelNames.length === 0) this.unlabelled.add(counter);
    return counter;
  }
}
