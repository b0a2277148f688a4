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

/**
 * When the first scheduled check of the `index`-th of `count` services scheduled together
 * runs: evenly over (0, interval], so their checks keep an even pace instead of a burst of
 * `count` checks in the same second of every interval. Each is still checked within its
 * interval of the last (start-up) check.
 */
export function spreadDelayMs(index: number, count: number, intervalMs: number): number {
  return count <= 0 ? intervalMs : Math.round((intervalMs * (index + 1)) / count);
}

/** Error codes of a check that waited for its whole timeout: the next check of that service goes to the slow lane. */
const SLOW_CODES = new Set(['timeout']);

/**
 * One interval job per running service (`monitoring.check-<service>`) at its
 * check_interval_s; the services found started at start-up have their first ticks
 * spread over the interval, so checks come at an even pace rather than all in the same
 * second. A tick is skipped while the previous check of that service still runs.
 * Checks share `concurrency` slots; a service whose last check timed out waits in a
 * separate slow lane, so a few hung backends never hold the slots every other
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
  /** First ticks still waiting (services scheduled together at start, spread over their interval). */
  private readonly firstTicks = new Map<string, NodeJS.Timeout>();
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
    const started = this.catalog.list().filter((record) => this.states.peek(record.name)?.desired_state === 'started');
    // Scheduled together, their checks would all fall in the same second of every interval:
    // each service's first tick is spread over its interval instead (see spreadDelayMs).
    for (const [index, record] of started.entries()) this.schedule(record.name, (intervalMs) => spreadDelayMs(index, started.length, intervalMs));
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

  /**
   * Starts (or, when the interval changed, restarts) the service's check job: a tick every
   * interval from now, the first one after `firstDelayMs(interval)` when given (at most an interval).
   */
  schedule(name: string, firstDelayMs?: (intervalMs: number) => number): void {
    if (this.stopped) return;
    const record = this.catalog.find(name);
    if (!record) return;
    const configured = record.config['check_interval_s'];
    const intervalS = typeof configured === 'number' && configured > 0 ? configured : this.settings.monitoring.defaultIntervalS;
    if (this.intervals.get(name) === intervalS * 1000) return;
    this.unschedule(name);
    const intervalMs = intervalS * 1000;
    this.intervals.set(name, intervalMs);
    const firstMs = firstDelayMs ? Math.min(Math.max(0, firstDelayMs(intervalMs)), intervalMs) : intervalMs;
    if (firstMs >= intervalMs) {
      this.startInterval(name, intervalMs);
      return;
    }
    const first = setTimeout(() => {
      this.firstTicks.delete(name);
      this.startInterval(name, intervalMs);
      void this.tick(name);
    }, firstMs);
    this.firstTicks.set(name, first);
  }

  private startInterval(name: string, intervalMs: number): void {
    this.registry.addInterval(checkJobName(name), setInterval(() => void this.tick(name), intervalMs));
  }

  unschedule(name: string): void {
    const job = checkJobName(name);
    if (this.registry.doesExist('interval', job)) this.registry.deleteInterval(job);
    clearTimeout(this.firstTicks.get(name));
    this.firstTicks.delete(name);
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
