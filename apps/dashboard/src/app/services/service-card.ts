import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatExpansionModule } from '@angular/material/expansion';
import type { ServiceStatsResponseDto, ServiceSummaryDto } from '@ipfs-kit/sdk';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { formatDuration } from '../shared/format';
import { KnownValue } from '../shared/known-value';
import { QuotaBar } from '../shared/quota-bar';
import { Sparkline } from '../shared/sparkline';
import { statEntries } from '../shared/stat-entries';
import { StatusSummary } from '../shared/status-summary';
import { RunButtons } from './run-buttons';
import { NO_DETAILS, type ServiceDetails } from './service-details';

/** One service: status and health, storage and quota, probe history, stats and its actions. */
@Component({
  selector: 'app-service-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatCardModule,
    MatButtonModule,
    MatExpansionModule,
    StatusSummary,
    KnownValue,
    Sparkline,
    QuotaBar,
    RunButtons,
  ],
  templateUrl: './service-card.html',
  styleUrl: './service-card.scss',
})
export class ServiceCard {
  private readonly api = inject(IpfsKitApi);
  readonly service = input.required<ServiceSummaryDto>();
  /** Changes when the service changed (an event): the card reloads its details. */
  readonly refresh = input(0);
  readonly busy = input(false);
  readonly action = output<{ name: string; action: ServiceAction }>();
  readonly configure = output<string>();
  readonly remove = output<string>();

  protected readonly details = signal<ServiceDetails>(NO_DETAILS);
  protected readonly stats = signal<ServiceStatsResponseDto | null>(null);
  protected readonly statsError = signal<string | null>(null);
  private statsOpen = false;

  protected readonly latencies = computed(() =>
    (this.details().history?.points ?? []).map((p) =>
      p.errors > 0 && p.count === p.errors ? null : (p.avg['latency_ms'] ?? null),
    ),
  );
  protected readonly upSamples = computed(() => {
    const n = (this.details().history?.points ?? []).reduce((sum, p) => sum + p.count, 0);
    return n === 1 ? '1 check' : `${n} checks`;
  });
  protected readonly upPercent = computed(() => {
    const points = this.details().history?.points ?? [];
    const total = points.reduce((sum, p) => sum + p.count, 0);
    if (total === 0) return null;
    return (points.reduce((sum, p) => sum + (p.avg['up'] ?? 0) * p.count, 0) / total) * 100;
  });
  protected readonly lastCheck = computed(() => {
    const at = this.details().status?.last_check;
    return at ? formatDuration((Date.now() - Date.parse(at)) / 1000) : null;
  });
  protected readonly latencyReason = computed(
    () =>
      this.details().errors.status ??
      (this.service().status === 'running' ? 'no successful probe yet' : 'the service is not running'),
  );
  protected readonly statEntries = computed(() => statEntries(this.stats()));

  constructor() {
    effect(() => {
      const name = this.service().name;
      this.refresh();
      untracked(() => void this.load(name));
    });
  }

  protected act(action: ServiceAction): void {
    this.action.emit({ name: this.service().name, action });
  }

  protected reason(part: 'storage' | 'quota', key: string): string | null {
    const d = this.details();
    const value = d[part];
    if (!value) return d.errors[part] ?? 'not measured yet';
    return value.unknown[key] ?? value.error?.message ?? null;
  }

  protected async loadStats(): Promise<void> {
    this.statsOpen = true;
    try {
      this.stats.set(await this.api.stats(this.service().name));
      this.statsError.set(null);
    } catch (error) {
      this.statsError.set(error instanceof Error ? error.message : String(error));
    }
  }

  private async load(name: string): Promise<void> {
    const errors: ServiceDetails['errors'] = {};
    const settle = async <T>(part: keyof ServiceDetails['errors'], call: Promise<T>): Promise<T | null> => {
      try {
        return await call;
      } catch (error) {
        errors[part] = error instanceof Error ? error.message : String(error);
        return null;
      }
    };
    const [status, storage, quota, history] = await Promise.all([
      settle('status', this.api.status(name)),
      settle('storage', this.api.storage(name)),
      settle('quota', this.api.quota(name)),
      settle('history', this.api.history(name)),
    ]);
    if (name !== this.service().name) return;
    this.details.set({ status, storage, quota, history, errors });
    if (this.statsOpen) await this.loadStats();
  }
}
