import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import type {
  HistoryResponseDto,
  StatusChangesResponseDto,
  QuotaResponseDto,
  ServiceConfigResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  StorageResponseDto,
  TestResultDto,
} from '@ipfs-kit/sdk';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { LiveEvents, type LiveEvent } from '../core/live-events';
import { Notifier } from '../core/notifier';
import { RunButtons } from '../services/run-buttons';
import { ServiceActions } from '../services/service-actions';
import { formatDuration } from '../shared/format';
import { KnownValue } from '../shared/known-value';
import { QuotaBar } from '../shared/quota-bar';
import { statEntries } from '../shared/stat-entries';
import { StatusChip } from '../shared/status-chip';
import { StatusSummary } from '../shared/status-summary';
import { DaemonLog } from './daemon-log';
import { HistoryChart } from './history-chart';
import { RANGE_MS, RANGES, timelineEntries, uptimePercent, type RangeKey } from './history-math';

const DAY = 86_400_000;

/**
 * One service: status and health with the reason, uptime, history charts over a range
 * (latency, checks up, storage against the quota), the stored status changes, storage,
 * stats, config, actions, daemon log.
 */
@Component({
  selector: 'app-service-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatProgressBarModule,
    RouterLink,
    StatusChip,
    StatusSummary,
    KnownValue,
    QuotaBar,
    HistoryChart,
    DaemonLog,
    RunButtons,
  ],
  templateUrl: './service-page.html',
  styleUrl: './service-page.scss',
})
export class ServicePage {
  private readonly api = inject(IpfsKitApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly events = inject(LiveEvents);
  protected readonly actions = inject(ServiceActions);
  /** The route's :name. */
  readonly name = input.required<string>();

  protected readonly ranges = RANGES;
  protected readonly range = signal<RangeKey>('24h');
  protected readonly status = signal<ServiceStatusDto | null>(null);
  protected readonly notFound = signal<string | null>(null);
  protected readonly config = signal<ServiceConfigResponseDto | null>(null);
  protected readonly stats = signal<ServiceStatsResponseDto | null>(null);
  protected readonly storage = signal<StorageResponseDto | null>(null);
  protected readonly quota = signal<QuotaResponseDto | null>(null);
  /** 30 days at the hour: the uptimes. */
  protected readonly month = signal<HistoryResponseDto | null>(null);
  /** The chosen range at the resolution the API picks for it. */
  protected readonly chart = signal<HistoryResponseDto | null>(null);
  /** Storage used against the quota over the chosen range. */
  protected readonly storageChart = signal<HistoryResponseDto | null>(null);
  protected readonly chartLoading = signal(false);
  /** The stored status changes of the chosen range, newest first. */
  protected readonly changes = signal<StatusChangesResponseDto | null>(null);
  protected readonly testResult = signal<TestResultDto | null>(null);

  protected readonly uptimes = computed(() => {
    const points = this.month()?.points ?? [];
    const now = Date.now();
    return [
      { label: '24 h', value: uptimePercent(points, now - DAY) },
      { label: '7 days', value: uptimePercent(points, now - 7 * DAY) },
      { label: '30 days', value: uptimePercent(points, now - 30 * DAY) },
    ];
  });
  protected readonly timeline = computed(() => timelineEntries(this.changes()?.changes ?? []));
  protected readonly changesTruncated = computed(() => this.changes()?.truncated === true);
  protected readonly statEntries = computed(() => statEntries(this.stats()));
  protected readonly configEntries = computed(() => {
    const current = this.config();
    if (!current) return [];
    const shown = Object.entries(current.config).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
    const secrets = Object.entries(current.secrets ?? {}).map(([key, state]) => ({ key, value: `secret (${state})` }));
    return [...shown, ...secrets];
  });
  protected readonly isDaemon = computed(() => typeof this.config()?.config['binary'] === 'string');

  constructor() {
    effect(() => {
      const name = this.name();
      untracked(() => void this.load(name));
    });
    effect(() => {
      const name = this.name();
      const range = this.range();
      untracked(() => void this.loadChart(name, range));
    });
    this.events.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
    this.events.open();
  }

  protected async act(action: ServiceAction): Promise<void> {
    if (await this.actions.act(this.name(), action)) await this.reloadStatus();
  }

  protected async configure(): Promise<void> {
    if (await this.actions.configure(this.name())) {
      this.config.set(await this.api.config(this.name()));
      await this.reloadStatus();
    }
  }

  protected async remove(): Promise<void> {
    if (await this.actions.remove(this.name())) await this.router.navigateByUrl('/');
  }

  protected async testConfig(): Promise<void> {
    const current = this.config();
    if (!current) return;
    try {
      this.testResult.set(
        await this.api.test({ name: current.name, type: current.type as never, config: current.config }),
      );
    } catch (error) {
      this.notifier.error(error);
    }
  }

  protected ago(at: string | null | undefined): string {
    return at ? `${formatDuration(Math.max(0, (Date.now() - Date.parse(at)) / 1000))} ago` : 'never';
  }

  private async load(name: string): Promise<void> {
    this.notFound.set(null);
    try {
      this.status.set(await this.api.status(name));
    } catch (error) {
      this.notFound.set(error instanceof Error ? error.message : String(error));
      return;
    }
    const now = new Date();
    const settle = async <T>(call: Promise<T>, into: (value: T) => void) => {
      try {
        into(await call);
      } catch {
        // Shown as unknown with the reason the API gave in the value itself, or left empty.
      }
    };
    await Promise.all([
      settle(this.api.config(name), (value) => this.config.set(value)),
      settle(this.api.stats(name), (value) => this.stats.set(value)),
      settle(this.api.storage(name), (value) => this.storage.set(value)),
      settle(this.api.quota(name), (value) => this.quota.set(value)),
      settle(this.api.historyRange(name, new Date(now.getTime() - 30 * DAY), now, 'hour'), (value) =>
        this.month.set(value),
      ),
    ]);
  }

  /** The range's checks, storage and status changes (three requests a range). */
  private async loadChart(name: string, range: RangeKey): Promise<void> {
    this.chartLoading.set(true);
    try {
      const to = new Date();
      const from = new Date(to.getTime() - RANGE_MS[range]);
      const [checks, storage] = await Promise.all([
        this.api.historyRange(name, from, to),
        this.api.historyRange(name, from, to, undefined, 'storage'),
        this.loadChanges(name, range),
      ]);
      if (range === this.range() && name === this.name()) {
        this.chart.set(checks);
        this.storageChart.set(storage);
      }
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.chartLoading.set(false);
    }
  }

  private async loadChanges(name: string, range: RangeKey): Promise<void> {
    const answer = await this.api.statusChanges(name, new Date(Date.now() - RANGE_MS[range]));
    if (range === this.range() && name === this.name()) this.changes.set(answer);
  }

  private async reloadStatus(): Promise<void> {
    try {
      this.status.set(await this.api.status(this.name()));
    } catch (error) {
      this.notifier.error(error);
    }
  }

  /** Live events of this service update the page in place. */
  private onEvent(event: LiveEvent): void {
    if (event.service !== this.name()) return;
    const current = this.status();
    if (event.type === 'status' && current) {
      const error = (event['error'] as ServiceStatusDto['error'] | undefined) ?? null;
      const status = event['status'] as ServiceStatusDto['status'];
      this.status.set({ ...current, status, health: event['health'] as ServiceStatusDto['health'], error });
      // The change is stored with its reason by the same transition: read the log again.
      void this.loadChanges(this.name(), this.range()).catch((failure: unknown) => this.notifier.error(failure));
    }
    if (event.type === 'probe' && current) {
      const latency = typeof event['latency_ms'] === 'number' ? event['latency_ms'] : current.latency_ms;
      this.status.set({ ...current, latency_ms: latency, last_check: event.at ?? current.last_check });
    }
    if (event.type === 'service_removed') this.notFound.set(`Service '${this.name()}' was removed`);
  }
}
