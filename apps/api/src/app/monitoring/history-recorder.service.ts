import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { ServiceEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { HistoryStore } from './history.store';

/** Subjects of the history that are not services (service names cannot start with "_"). */
export const HOST_SUBJECT = '_host';
export const API_SUBJECT = '_api';

/**
 * Records every probe result and resource sample in the history (queued in memory, written
 * in batches by the store: a few microseconds per event here); removes a removed service's history.
 */
@Injectable()
export class HistoryRecorder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HistoryRecorder.name);
  private subscription: Subscription | null = null;

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
      case 'service_removed':
        this.history.deleteSubject(event.service);
        return;
      default:
        return;
    }
  }
}
