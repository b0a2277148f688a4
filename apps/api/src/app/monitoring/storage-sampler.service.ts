import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Semaphore } from '../common/semaphore';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceReads } from '../services/service-reads.service';

/** Storage reads at once for the history: beside the checks, never in their slots. */
const STORAGE_READS_AT_ONCE = 2;

/** What the sampler did so far (for /metrics; the bench tells its first round from the checks by it). */
export interface StorageSamplerCounts {
  /** Refreshes that asked the backend (storage or quota was stale), ended or failed. */
  refreshes: number;
  /** Services waiting for a refresh or in one. */
  queued: number;
}

/**
 * Keeps the storage history going: after a successful scheduled check (only the process
 * holding the store's lease schedules checks), the service's storage and quota are read
 * again when their stored values are older than their freshness (15 minutes). Each live
 * read emits a `storage` event that the history recorder stores. Reads run two at a time
 * outside the check slots, so checks are never delayed by them; a service already queued
 * is not queued twice.
 */
@Injectable()
export class StorageSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly slots = new Semaphore(STORAGE_READS_AT_ONCE);
  private readonly queued = new Set<string>();
  private refreshes = 0;
  private subscription: Subscription | null = null;

  constructor(
    private readonly events: ServiceEventsService,
    private readonly reads: ServiceReads,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'probe' && event.trigger === 'schedule' && event.ok) this.sample(event.service);
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  counts(): StorageSamplerCounts {
    return { refreshes: this.refreshes, queued: this.queued.size };
  }

  private sample(name: string): void {
    // Most checks find the stored reads fresh: nothing is queued for them.
    if (this.queued.has(name) || !this.reads.hasStaleStorage(name)) return;
    this.queued.add(name);
    void this.slots
      .run(() => (this.subscription ? this.reads.refreshStaleStorage(name) : Promise.resolve(false)))
      .then((asked) => {
        if (asked) this.refreshes += 1;
      })
      .finally(() => this.queued.delete(name));
  }
}
