import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { HistoryRecorder } from './history-recorder.service';
import { HistoryStore } from './history.store';

export const ROLLUP_JOB = 'monitoring.rollup-history';
export const PRUNE_JOB = 'monitoring.prune-history';

/** Every minute: roll up the history; every hour (and at start): prune what is past retention. */
@Injectable()
export class HistoryJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryJobs.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly history: HistoryStore,
    private readonly recorder: HistoryRecorder,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    // Ten seconds of grace: a check that ended just before a minute boundary is written first.
    this.registry.addInterval(ROLLUP_JOB, setInterval(() => void this.rollUpHistory(Date.now() - 10_000), 60_000));
    this.registry.addInterval(PRUNE_JOB, setInterval(() => void this.pruneHistory(), 3_600_000));
    void this.pruneHistory();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const job of [ROLLUP_JOB, PRUNE_JOB]) if (this.registry.doesExist('interval', job)) this.registry.deleteInterval(job);
    await this.running;
  }

  async rollUpHistory(now = Date.now()): Promise<void> {
    const work = (async () => {
      await this.recorder.flushed();
      for (const key of await this.history.seriesList()) {
        await this.history.rollup(key, now).catch((error: unknown) => this.logger.warn(`rollup of ${key.subject}/${key.series} failed: ${(error as Error).message}`));
      }
    })();
    this.running = work;
    await work;
  }

  async pruneHistory(now = Date.now()): Promise<number> {
    const removed = await this.history.prune(now).catch((error: unknown) => {
      this.logger.warn(`pruning the history failed: ${(error as Error).message}`);
      return 0;
    });
    if (removed > 0) this.logger.log(`pruned ${removed} history file(s) past retention`);
    return removed;
  }
}
