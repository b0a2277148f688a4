import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { ServiceEvent, StorageEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { HistoryStore } from './history.store';

/** Subjects of the history that are not services (service names cannot start with "_"). */
export const HOST_SUBJECT = '_host';
export const API_SUBJECT = '_api';
/** An unchanged storage sample is written again after this long (so every hour of a chart has one). */
export const STORAGE_REPEAT_MS = 3_600_000;
/** Changed figures are written at most this often (issue 9's budget: at most 48 samples a service a day). */
export const STORAGE_MIN_GAP_MS = 30 * 60_000;

/**
 * Records every probe result and resource sample, and storage samples when they change, in
 * the history (queued in memory, written in batches by the store: a few microseconds per
 * event here); removes a removed service's history.
 */
@Injectable()
export class HistoryRecorder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HistoryRecorder.name);
  private subscription: Subscription | null = null;
  /** The figures last written per service, and when. */
  private readonly lastStorage = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly history: HistoryStore,
    private readonly events: ServiceEventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      try {
        this.record(event);
      } catch (error) {
        this.logger.warn(`history write failed: ${(error as Error).message}`);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * Storage samples are written when a figure changed (at most every 30 minutes), else
   * once an hour: the reads come every 15 minutes and mostly repeat the last figures.
   */
  private recordStorage(event: StorageEvent): void {
    const at = Date.parse(event.at);
    const values = { used_bytes: event.used_bytes, quota_bytes: event.quota_bytes, free_bytes: event.free_bytes };
    const key = JSON.stringify(values);
    const last = this.lastStorage.get(event.service);
    if (last && at - last.at < (last.key === key ? STORAGE_REPEAT_MS : STORAGE_MIN_GAP_MS)) return;
    this.lastStorage.set(event.service, { key, at });
    this.history.append({ subject: event.service, series: 'storage' }, new Date(at), values);
  }

  private record(event: ServiceEvent): void {
    switch (event.type) {
      case 'probe':
        this.history.append(
          { subject: event.service, series: 'probe' },
          new Date(event.at),
          { up: event.ok ? 1 : 0, latency_ms: event.latency_ms },
          event.error?.code,
        );
        return;
      case 'resources':
        this.history.append({ subject: event.subject, series: 'resources' }, new Date(event.at), {
          cpu_percent: event.cpu_percent,
          memory_used_bytes: event.memory_used_bytes,
          memory_total_bytes: event.memory_total_bytes,
          disk_used_bytes: event.disk_used_bytes,
          disk_total_bytes: event.disk_total_bytes,
        });
        return;
      case 'storage':
        this.recordStorage(event);
        return;
      case 'service_removed':
        this.lastStorage.delete(event.service);
        this.history.deleteSubject(event.service);
        return;
      default:
        return;
    }
  }
}
