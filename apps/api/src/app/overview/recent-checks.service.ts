import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Semaphore } from '../common/semaphore';
import { ServiceEventsService } from '../events/service-events.service';
import type { HistoryPoint } from '../monitoring/history-aggregate';
import { HistoryStore } from '../monitoring/history.store';
import { ServiceCatalog } from '../services/service-catalog.service';
import { MAX_RECENT_CHECKS, type RecentCheckDto } from './overview.dto';

const DAY_MS = 86_400_000;
/** History reads at once while filling the buffers after a start (1,000 services must not open 1,000 files at once). */
const BACKFILL_CONCURRENCY = 16;

/**
 * The last checks of every service, in memory: filled once per service from the
 * history (its raw samples of the last day; at start, in the background), then kept
 * current from the probe events.
 * The overview answers from here, so a list of 1,000 services reads no history.
 */
@Injectable()
export class RecentChecks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly buffers = new Map<string, RecentCheckDto[]>();
  private readonly filling = new Map<string, Promise<void>>();
  private readonly limiter = new Semaphore(BACKFILL_CONCURRENCY);
  private subscription: Subscription | null = null;

  constructor(
    private readonly events: ServiceEventsService,
    private readonly history: HistoryStore,
    private readonly catalog: ServiceCatalog,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'probe')
        this.add(event.service, {
          t: event.at,
          ok: event.ok,
          latency_ms: event.latency_ms,
          ...(event.error ? { error: event.error.code } : {}),
        });
      if (event.type === 'service_removed') {
        this.buffers.delete(event.service);
        this.filling.delete(event.service);
      }
    });
    // Fill the buffers in the background now, so the first overview does not wait for the history.
    void this.of(
      this.catalog.list().map((record) => record.name),
      0,
    ).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The last `count` checks of each service, oldest first (filled from the history the first time). */
  async of(names: string[], count: number): Promise<Map<string, RecentCheckDto[]>> {
    await Promise.all(names.map((name) => this.filled(name)));
    const out = new Map<string, RecentCheckDto[]>();
    for (const name of names) out.set(name, count === 0 ? [] : (this.buffers.get(name) ?? []).slice(-count));
    return out;
  }

  private add(name: string, check: RecentCheckDto): void {
    const buffer = this.buffers.get(name) ?? [];
    if (!this.buffers.has(name)) this.buffers.set(name, buffer);
    buffer.push(check);
    if (buffer.length > MAX_RECENT_CHECKS) buffer.splice(0, buffer.length - MAX_RECENT_CHECKS);
  }

  private filled(name: string): Promise<void> {
    let filling = this.filling.get(name);
    if (!filling) {
      filling = this.limiter.run(() => this.fill(name)).catch(() => undefined);
      this.filling.set(name, filling);
    }
    return filling;
  }

  /** Merges the stored raw samples of the last day with what the events added meanwhile. */
  private async fill(name: string): Promise<void> {
    if (!HistoryStore.isSubject(name)) return;
    const now = Date.now();
    const answer = await this.history.query(
      { subject: name, series: 'probe' },
      { from: now - DAY_MS, to: now, resolution: 'raw', limit: MAX_RECENT_CHECKS },
    );
    const stored = answer.points.map(toCheck);
    const live = this.buffers.get(name) ?? [];
    const byTime = new Map<string, RecentCheckDto>();
    for (const check of [...stored, ...live]) byTime.set(check.t, check);
    const merged = [...byTime.values()].sort((a, b) => a.t.localeCompare(b.t)).slice(-MAX_RECENT_CHECKS);
    this.buffers.set(name, merged);
  }
}

function toCheck(point: HistoryPoint): RecentCheckDto {
  const up = point.avg['up'];
  const latency = point.avg['latency_ms'];
  return {
    t: point.t,
    ok: up === 1 && !point.error,
    latency_ms: typeof latency === 'number' ? latency : null,
    ...(point.error ? { error: point.error } : {}),
  };
}
