import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { daemonPidFilePath, readDaemonPidFile } from '@ipfs-kit/backends';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceSnapshotStore } from '../services/service-snapshot.store';
import { StoreLease } from '../lease/store-lease.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { HostResourceSampler, type HostResources } from './host-resources';
import { ProcessResourceSampler, type ProcessResources } from './process-resources';
import { API_SUBJECT, HOST_SUBJECT } from './history-recorder.service';

export const RESOURCES_JOB = 'monitoring.record-resources';

export interface DaemonResources extends ProcessResources {
  service: string;
  measured_at: string;
}

export interface ResourcesSnapshot {
  host: HostResources | null;
  api: (ProcessResources & { measured_at: string }) | null;
  daemons: DaemonResources[];
}

/**
 * Samples host CPU, memory and disk, the API process, and each managed daemon (PID
 * from its PID file in state/) on an interval; emits them as `resources` events (the
 * history records them) and keeps the latest for the API.
 */
@Injectable()
export class ResourceMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ResourceMonitor.name);
  private readonly host = new HostResourceSampler();
  private readonly processes = new ProcessResourceSampler();
  private latest: ResourcesSnapshot = { host: null, api: null, daemons: [] };
  private sampling: Promise<ResourcesSnapshot> | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly catalog: ServiceCatalog,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly events: ServiceEventsService,
    private readonly lease: StoreLease,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    // Only the API process holding the store's lease samples on a schedule (one history).
    const tick = (): void => {
      if (this.lease.isHeld()) void this.sample().catch((error: unknown) => this.logger.warn(String((error as Error).message)));
    };
    const handle = setInterval(tick, this.settings.monitoring.resourceIntervalS * 1000);
    this.registry.addInterval(RESOURCES_JOB, handle);
  }

  /** A shutdown's first phase: no sample is taken after it. */
  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', RESOURCES_JOB)) this.registry.deleteInterval(RESOURCES_JOB);
  }

  /** The latest sample; takes one now if none was taken yet. */
  async current(): Promise<ResourcesSnapshot> {
    return this.latest.host ? this.latest : this.sample();
  }

  sample(): Promise<ResourcesSnapshot> {
    this.sampling ??= this.takeSample().finally(() => (this.sampling = null));
    return this.sampling;
  }

  private async takeSample(): Promise<ResourcesSnapshot> {
    const at = new Date().toISOString();
    const host = await this.host.sample(this.settings.home);
    this.events.emit({
      type: 'resources',
      at,
      subject: HOST_SUBJECT,
      cpu_percent: host.cpu_percent,
      memory_used_bytes: host.memory_used_bytes,
      memory_total_bytes: host.memory_total_bytes,
      disk_used_bytes: host.disk_used_bytes,
      disk_total_bytes: host.disk_total_bytes,
    });
    const api = { ...(await this.processes.sample(process.pid)), measured_at: at };
    this.emitProcess(API_SUBJECT, api, at);
    const daemons: DaemonResources[] = [];
    for (const record of this.catalog.list()) {
      if (!this.catalog.isSupported(record.type) || this.catalog.driver(record.type).capabilities.lifecycle !== 'daemon') continue;
      const pidFile = await readDaemonPidFile(daemonPidFilePath(this.settings.home, record.name)).catch(() => null);
      if (pidFile?.kind !== 'record') continue;
      const usage = { ...(await this.processes.sample(pidFile.record.pid)), service: record.name, measured_at: at };
      daemons.push(usage);
      this.emitProcess(record.name, usage, at);
      await this.snapshots.update(record.name, (data) => ({
        ...data,
        resources: {
          pid: usage.pid,
          cpu_percent: usage.cpu_percent,
          memory_rss_bytes: usage.memory_rss_bytes,
          unknown: usage.unknown,
          measured_at: at,
          error: usage.error,
        },
      }));
    }
    this.latest = { host, api, daemons };
    return this.latest;
  }

  private emitProcess(subject: string, usage: ProcessResources, at: string): void {
    if (usage.error) return;
    this.events.emit({
      type: 'resources',
      at,
      subject,
      cpu_percent: usage.cpu_percent,
      memory_used_bytes: usage.memory_rss_bytes,
      memory_total_bytes: null,
      disk_used_bytes: null,
      disk_total_bytes: null,
    });
  }
}
