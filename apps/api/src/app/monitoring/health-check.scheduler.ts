import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Subscription } from 'rxjs';
import { Semaphore } from '../common/semaphore';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { StoreLease } from '../lease/store-lease.service';
import { ServiceChecker } from '../services/service-checker.service';
import { ServiceStateStore } from '../services/service-state.store';
import { SecretRedactor } from '../store/secret-redactor';
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

/** Error codes of a check that waited for its whole timeout: the next check of that service goes to the slow lane. */
const SLOW_CODES = new Set(['timeout']);

/**
 * One interval job per running service (`monitoring.check-<service>`) at its
 * check_interval_s. A tick is skipped while the previous check of that service still
 * runs. Checks share `concurrency` slots; a service whose last check timed out waits
 * in a separate slow lane, so a few hung backends never hold the slots every other
 * service needs to be checked within its interval. A service that stays down is
 * checked less and less often (back-off).
 */
@Injectable()
export class HealthCheckScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HealthCheckScheduler.name);
  private readonly slots: Semaphore;
  private readonly slowSlots: Semaphore;
  private readonly slow = new Set<string>();
  private readonly waiting = new Set<string>();
  private readonly intervals = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();
  private subscription: Subscription | null = null;
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly checker: ServiceChecker,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    private readonly lease: StoreLease,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.slots = new Semaphore(settings.monitoring.concurrency);
    this.slowSlots = new Semaphore(Math.max(1, Math.ceil(settings.monitoring.concurrency / 2)));
  }

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'desired_state') {
        if (event.desired_state === 'started') this.schedule(event.service);
        else this.unschedule(event.service);
      } else if (event.type === 'config_changed' && this.intervals.has(event.service)) {
        this.schedule(event.service);
      } else if (event.type === 'service_removed') {
        this.unschedule(event.service);
      }
    });
    for (const record of this.catalog.list()) {
      if (this.states.peek(record.name)?.desired_state === 'started') this.schedule(record.name);
    }
  }

  /** A shutdown's first phase: no check starts after it (the history writes its last batch in the last phase). */
  onModuleDestroy(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const name of [...this.intervals.keys()]) this.unschedule(name);
  }

  /** Names of the services with a check job. */
  scheduled(): string[] {
    return [...this.intervals.keys()].sort();
  }

  /** Starts (or, when the interval changed, restarts) the service's check job. */
  schedule(name: string): void {
    if (this.stopped) return;
    const record = this.catalog.find(name);
    if (!record) return;
    const configured = record.config['check_interval_s'];
    const intervalS = typeof configured === 'number' && configured > 0 ? configured : this.settings.monitoring.defaultIntervalS;
    if (this.intervals.get(name) === intervalS * 1000) return;
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
    this.slow.delete(name);
  }

  private async tick(name: string): Promise<void> {
    // Only the API process holding the store's lease checks on a schedule.
    if (this.stopped || !this.lease.isHeld() || this.waiting.has(name) || this.checker.isChecking(name)) return;
    if (Date.now() < (this.notBefore.get(name) ?? 0)) return;
    const record = this.catalog.find(name);
    if (!record || record.config['enabled'] === false) return;
    this.waiting.add(name);
    try {
      const lane = this.slow.has(name) ? this.slowSlots : this.slots;
      const outcome = await lane.run(() => (this.stopped ? Promise.resolve(null) : this.checker.check(name, 'schedule')));
      if (!outcome) return;
      if (outcome.error && SLOW_CODES.has(outcome.error.code)) this.slow.add(name);
      else this.slow.delete(name);
      const { unhealthyAfter, maxBackoffFactor } = this.settings.monitoring;
      const delay = outcome.ok ? 0 : backoffMs(outcome.state.consecutive_failures, unhealthyAfter, maxBackoffFactor, this.intervals.get(name) ?? 0);
      if (delay > 0) this.notBefore.set(name, Date.now() + delay);
      else this.notBefore.delete(name);
    } catch (error) {
      this.logger.warn(`check of ${name} failed: ${this.redactor.redact(String((error as Error).message))}`);
    } finally {
      this.waiting.delete(name);
    }
  }
}
