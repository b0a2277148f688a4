import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Subscription } from 'rxjs';
import { MetadataManager } from '@ipfs-kit/metadata';
import { Semaphore } from '../common/semaphore';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceChecker } from '../services/service-checker.service';
import { ServiceManager } from '../services/service-manager.service';
import { ServiceStateStore } from '../services/service-state.store';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';

export function checkJobName(service: string): string {
  return `monitoring.check-${service}`;
}

/**
 * How long after a failed check the next one may run: nothing special until the
 * service is unhealthy, then 2, 4, 8 ... intervals (at most `maxFactor`), less half an
 * interval of slack so that the tick `factor` intervals later passes. 0: no back-off.
 */
export function backoffMs(consecutiveFailures: number, unhealthyAfter: number, maxFactor: number, intervalMs: number): number {
  const over = consecutiveFailures - unhealthyAfter;
  if (consecutiveFailures === 0 || over < 0) return 0;
  const factor = Math.min(2 ** (over + 1), maxFactor);
  return factor <= 1 ? 0 : intervalMs * (factor - 0.5);
}

/**
 * One interval job per running service (`monitoring.check-<service>`) at its
 * check_interval_s. A tick is skipped while the previous check of that service still
 * runs, so a hung backend holds one slot of the concurrency limit and delays nobody
 * else; a service that stays down is checked less and less often (back-off).
 */
@Injectable()
export class HealthCheckScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HealthCheckScheduler.name);
  private readonly slots: Semaphore;
  private readonly waiting = new Set<string>();
  private readonly intervals = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();
  private subscription: Subscription | null = null;
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly manager: ServiceManager,
    private readonly states: ServiceStateStore,
    private readonly checker: ServiceChecker,
    private readonly events: ServiceEventsService,
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.slots = new Semaphore(settings.monitoring.concurrency);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.schedulerEnabled) return;
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'desired_state') {
        if (event.desired_state === 'started') void this.schedule(event.service);
        else this.unschedule(event.service);
      } else if (event.type === 'config_changed' && this.intervals.has(event.service)) {
        void this.schedule(event.service);
      } else if (event.type === 'service_removed') {
        this.unschedule(event.service);
      }
    });
    for (const record of await this.manager.list()) {
      if ((await this.states.get(record.name)).desired_state === 'started') await this.schedule(record.name);
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const name of [...this.intervals.keys()]) this.unschedule(name);
  }

  /** Names of the services with a check job. */
  scheduled(): string[] {
    return [...this.intervals.keys()].sort();
  }

  async schedule(name: string): Promise<void> {
    if (this.stopped) return;
    const record = await this.manager.get(name).catch(() => null);
    if (!record) return;
    const configured = record.config['check_interval_s'];
    const intervalS = typeof configured === 'number' && configured > 0 ? configured : this.settings.monitoring.defaultIntervalS;
    this.unschedule(name);
    const handle = setInterval(() => void this.tick(name), intervalS * 1000);
    this.registry.addInterval(checkJobName(name), handle);
    this.intervals.set(name, intervalS * 1000);
  }

  unschedule(name: string): void {
    const job = checkJobName(name);
    if (this.registry.doesExist('interval', job)) this.registry.deleteInterval(job);
    this.intervals.delete(name);
    this.notBefore.delete(name);
  }

  private async tick(name: string): Promise<void> {
    if (this.stopped || this.waiting.has(name) || this.checker.isChecking(name)) return;
    if (Date.now() < (this.notBefore.get(name) ?? 0)) return;
    const record = await this.manager.get(name).catch(() => null);
    if (!record || record.config['enabled'] === false) return;
    this.waiting.add(name);
    try {
      const outcome = await this.slots.run(() => (this.stopped ? Promise.resolve(null) : this.checker.check(name, 'schedule')));
      if (!outcome) return;
      const { unhealthyAfter, maxBackoffFactor } = this.settings.monitoring;
      const delay = outcome.ok ? 0 : backoffMs(outcome.state.consecutive_failures, unhealthyAfter, maxBackoffFactor, this.intervals.get(name) ?? 0);
      if (delay > 0) this.notBefore.set(name, Date.now() + delay);
      else this.notBefore.delete(name);
    } catch (error) {
      this.logger.warn(`check of ${name} failed: ${this.store.redactText(String((error as Error).message))}`);
    } finally {
      this.waiting.delete(name);
    }
  }
}
