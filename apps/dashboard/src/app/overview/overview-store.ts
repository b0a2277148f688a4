import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { RecentCheckDto, ServiceOverviewDto } from '@ipfs-kit/sdk';
import { IpfsKitApi } from '../core/ipfs-kit-api';
import { OverviewPrefetch } from '../core/overview-prefetch';
import { LiveEvents, type LiveEvent } from '../core/live-events';

/** Checks kept per row (the bar of recent checks). */
export const CHECKS_PER_ROW = 30;
/** A whole-list reconciliation at most this often (events keep the rows current in between). */
export const RECONCILE_MS = 5 * 60_000;

/**
 * The overview's rows: one request for the whole list at load, then the live events
 * applied here (a status change, a probe, a service added or removed touches one row);
 * the whole list is asked again only every few minutes, to reconcile.
 */
@Injectable()
export class OverviewStore {
  private readonly api = inject(IpfsKitApi);
  private readonly events = inject(LiveEvents);
  private readonly prefetch = inject(OverviewPrefetch);
  private readonly byName = signal<ReadonlyMap<string, ServiceOverviewDto>>(new Map());
  /** Numbers the list requests: an older answer arriving last is dropped. */
  private listRequests = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly availableTypes = signal<string[]>([]);
  readonly rows = computed(() => [...this.byName().values()].sort((a, b) => a.name.localeCompare(b.name)));
  readonly counts = computed(() => {
    const rows = this.rows();
    const count = (test: (row: ServiceOverviewDto) => boolean) => rows.filter(test).length;
    return {
      total: rows.length,
      running: count((r) => r.status === 'running'),
      healthy: count((r) => r.health === 'healthy'),
      problems: count((r) => r.status === 'error' || r.health === 'unhealthy' || r.health === 'degraded'),
      stopped: count((r) => r.status === 'stopped'),
    };
  });

  constructor() {
    this.events.events.pipe(takeUntilDestroyed()).subscribe((event) => this.apply(event));
    inject(DestroyRef).onDestroy(() => this.timer && clearInterval(this.timer));
  }

  /** Loads the list once and keeps reconciling it every RECONCILE_MS. */
  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.load(), RECONCILE_MS);
    return this.load();
  }

  get(name: string): ServiceOverviewDto | undefined {
    return this.byName().get(name);
  }

  async load(): Promise<void> {
    const request = ++this.listRequests;
    try {
      const answer = await (this.prefetch.take() ?? this.api.overview());
      if (request !== this.listRequests) return;
      this.byName.set(new Map(answer.services.map((row) => [row.name, row])));
      this.availableTypes.set(answer.available_types);
      this.error.set(null);
    } catch (error) {
      if (request !== this.listRequests) return;
      this.error.set(error instanceof Error ? error.message : String(error));
    } finally {
      if (request === this.listRequests) this.loaded.set(true);
    }
  }

  /** Applies one live event to its row; a service not yet known is fetched alone. */
  apply(event: LiveEvent): void {
    const name = event.service;
    if (!name) return;
    const row = this.byName().get(name);
    switch (event.type) {
      case 'service_removed':
        this.patch(name, null);
        return;
      case 'service_added':
        void this.fetchOne(name);
        return;
      case 'status': {
        if (!row) return void this.fetchOne(name);
        const error = event['error'] as { code: string; message: string } | null | undefined;
        this.patch(name, {
          ...row,
          status: event['status'] as ServiceOverviewDto['status'],
          health: event['health'] as ServiceOverviewDto['health'],
          reason: error?.message ?? null,
          reason_code: error?.code ?? null,
        });
        return;
      }
      case 'probe': {
        if (!row) return;
        const error = event['error'] as { code: string } | null | undefined;
        const check: RecentCheckDto = {
          t: event.at ?? new Date().toISOString(),
          ok: event['ok'] === true,
          latency_ms: typeof event['latency_ms'] === 'number' ? event['latency_ms'] : null,
          ...(error ? { error: error.code } : {}),
        };
        this.patch(name, {
          ...row,
          latency_ms: check.latency_ms ?? row.latency_ms,
          last_check: check.t,
          checks: [...row.checks, check].slice(-CHECKS_PER_ROW),
        });
        return;
      }
      case 'desired_state':
        if (row)
          this.patch(name, { ...row, desired_state: event['desired_state'] as ServiceOverviewDto['desired_state'] });
        return;
      default:
        return;
    }
  }

  /** Puts (or, with null, removes) one row. */
  patch(name: string, row: ServiceOverviewDto | null): void {
    this.byName.update((rows) => {
      const next = new Map(rows);
      if (row) next.set(name, row);
      else next.delete(name);
      return next;
    });
  }

  /** One service's row from its status (a service added since the list was read). */
  async fetchOne(name: string): Promise<void> {
    try {
      const status = await this.api.status(name);
      const known = this.byName().get(name);
      this.patch(name, {
        name,
        type: status.type,
        status: status.status,
        health: status.health,
        desired_state: status.desired_state,
        supported: status.supported,
        maintenance: status.maintenance,
        reason: status.error?.message ?? null,
        reason_code: status.error?.code ?? null,
        latency_ms: status.latency_ms,
        last_check: status.last_check,
        checks: known?.checks ?? [],
      });
    } catch {
      // Removed again meanwhile, or the API is away: the next reconciliation settles it.
    }
  }
}
