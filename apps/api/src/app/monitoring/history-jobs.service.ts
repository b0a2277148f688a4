import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { StoreLease } from '../lease/store-lease.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { HistoryStore } from './history.store';

export const PRUNE_JOB = 'monitoring.prune-history';

/** Every hour (and at start): delete the history past the retention of each resolution. Rollups need no job: SQL keeps them current as samples are written. */
@Injectable()
export class HistoryJobs implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryJobs.name);
  private running: Promise<number> | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly history: HistoryStore,
    private readonly lease: StoreLease,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    this.registry.addInterval(PRUNE_JOB, setInterval(() => void (this.lease.isHeld() ? this.pruneHistory() : undefined), 3_600_000));
    if (this.lease.isHeld()) void this.pruneHistory();
  }

  /** A shutdown's first phase: no pass starts after it. */
  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', PRUNE_JOB)) this.registry.deleteInterval(PRUNE_JOB);
  }

  /** A pass still running stops at its next chunk once the history is closed (the same phase). */
  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }

  /** Returns how many rows were deleted. */
  async pruneHistory(now = Date.now()): Promise<number> {
    const work = this.history.prune(now).catch((error: unknown) => {
      this.logger.warn(`pruning the history failed: ${(error as Error).message}`);
      return 0;
    });
    this.running = work;
    const removed = await work;
    if (removed > 0) this.logger.log(`pruned ${removed} history row(s) past retention`);
    return removed;
  }
}
