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
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ServiceStatsResponseDto, ServiceSummaryDto } from '@ipfs-kit/sdk';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { formatDuration, humanizeKey } from '../shared/format';
import { KnownValue } from '../shared/known-value';
import { Sparkline } from '../shared/sparkline';
import { StatusChip } from '../shared/status-chip';
import { NO_DETAILS, type ServiceDetails } from './service-details';

/** One service: status and health, storage and quota, probe history, stats and its actions. */
@Component({
  selector: 'app-service-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, MatButtonModule, MatExpansionModule, MatTooltipModule, StatusChip, KnownValue, Sparkline],
  template: `
    @let s = service();
    @let d = details();
    <mat-card appearance="outlined" class="card" [attr.data-service]="s.name">
      <div class="head">
        <div class="titles">
          <h3 class="name">{{ s.name }}</h3>
          <span class="type">{{ s.type }}{{ s.supported ? '' : ' (no driver)' }}</span>
        </div>
        <div class="chips">
          <app-status-chip [value]="s.status" data-testid="status" />
          <app-status-chip [value]="s.health" data-testid="health" />
        </div>
      </div>
      @if (d.status?.error; as problem) {
        <p class="problem" role="status">{{ problem.message }}</p>
      }
      <div class="metrics">
        <div class="metric" data-metric="used">
          <span class="label">Stored</span>
          <app-known-value [value]="d.storage?.used" unit="bytes" [reason]="reason('storage', 'used')" />
        </div>
        <div class="metric" data-metric="objects">
          <span class="label">Objects</span>
          <app-known-value [value]="d.storage?.objects" [reason]="reason('storage', 'objects')" />
        </div>
        <div class="metric" data-metric="quota">
          <span class="label">Quota</span>
          <app-known-value [value]="d.quota?.total" unit="bytes" [reason]="reason('quota', 'total')" />
        </div>
        <div class="metric" data-metric="free">
          <span class="label">Free</span>
          <app-known-value [value]="d.quota?.free" unit="bytes" [reason]="reason('quota', 'free')" />
        </div>
        <div class="metric" data-metric="latency">
          <span class="label">Latency</span>
          <app-known-value [value]="d.status?.latency_ms" unit="ms" [reason]="latencyReason()" />
        </div>
        <div class="metric" data-metric="uptime">
          <span class="label">Up (last {{ upSamples() }})</span>
          <app-known-value [value]="upPercent()" unit="percent" reason="no probe recorded yet" />
        </div>
      </div>
      @if (usedFraction(); as fraction) {
        <div class="bar" [matTooltip]="(fraction * 100).toFixed(1) + ' % of the quota used'">
          <div class="fill" [style.width.%]="fraction * 100" [class.high]="fraction > 0.9"></div>
        </div>
      }
      <div class="history">
        <span class="label">Probe latency{{ d.history ? ' (' + d.history.resolution + ')' : '' }}</span>
        <app-sparkline [values]="latencies()" label="probe latency history" emptyText="no probe history yet" />
      </div>
      <div class="meta">
        <span>Checks: {{ d.status?.check_count ?? 0 }}, failures: {{ d.status?.failure_count ?? 0 }}</span>
        @if (lastCheck(); as ago) {
          <span>Last check {{ ago }} ago</span>
        }
      </div>
      <mat-expansion-panel class="stats" (opened)="loadStats()">
        <mat-expansion-panel-header>Statistics</mat-expansion-panel-header>
        @if (stats(); as st) {
          <dl class="stat-list">
            @for (entry of statEntries(); track entry.key) {
              <div>
                <dt>{{ entry.label }}</dt>
                <dd><app-known-value [value]="entry.value" [unit]="entry.unit" [reason]="st.unknown[entry.key]" /></dd>
              </div>
            } @empty {
              <p class="muted">This backend reports no statistics.</p>
            }
          </dl>
        } @else if (statsError(); as message) {
          <p class="problem">{{ message }}</p>
        } @else {
          <p class="muted">Loading…</p>
        }
      </mat-expansion-panel>
      <mat-card-actions class="actions">
        @if (s.status === 'running' || s.status === 'starting' || s.desired_state === 'started') {
          <button mat-button type="button" (click)="act('stop')" [disabled]="busy()" data-action="stop">Stop</button>
          <button mat-button type="button" (click)="act('restart')" [disabled]="busy()" data-action="restart">
            Restart
          </button>
        } @else {
          <button
            mat-flat-button
            type="button"
            (click)="act('start')"
            [disabled]="busy() || !s.supported"
            data-action="start"
          >
            Start
          </button>
        }
        <span class="spacer"></span>
        <button mat-button type="button" (click)="configure.emit(s.name)" data-action="configure">Configure</button>
        <button mat-button type="button" class="danger" (click)="remove.emit(s.name)" data-action="remove">
          Remove
        </button>
      </mat-card-actions>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .card {
      height: 100%;
      box-sizing: border-box;
      padding: 16px;
      display: flex;
      flex-direction: column;
      gap: 12px;
      border-radius: 16px;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: flex-start;
      gap: 8px;
      flex-wrap: wrap;
    }
    .titles {
      min-width: 0;
    }
    .name {
      margin: 0;
      font: var(--mat-sys-title-large);
      overflow-wrap: anywhere;
    }
    .type {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.06em;
    }
    .chips {
      display: flex;
      gap: 6px;
      flex-wrap: wrap;
    }
    .problem {
      margin: 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    .metrics {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr));
      gap: 10px 12px;
    }
    @media (max-width: 420px) {
      .metrics {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
    .metric {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
    }
    .label {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .bar {
      height: 6px;
      border-radius: 3px;
      background: var(--mat-sys-surface-container-highest);
      overflow: hidden;
    }
    .fill {
      height: 100%;
      background: var(--mat-sys-primary);
    }
    .fill.high {
      background: var(--mat-sys-error);
    }
    .history {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .meta {
      display: flex;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 4px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .stats {
      box-shadow: none !important;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px !important;
      --mat-expansion-header-collapsed-state-height: 36px;
      --mat-expansion-header-expanded-state-height: 40px;
      --mat-expansion-header-text-size: 14px;
      --mat-expansion-container-background-color: transparent;
    }
    .stat-list {
      margin: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
      gap: 8px;
    }
    dt {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      padding: 0;
      margin-top: auto;
    }
    .spacer {
      flex: 1;
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
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
  protected readonly usedFraction = computed(() => {
    const used = this.details().storage?.used;
    const total = this.details().quota?.total;
    return used !== null && used !== undefined && total ? Math.min(1, used / total) : null;
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
  protected readonly statEntries = computed(() =>
    Object.entries(this.stats()?.stats ?? {}).map(([key, value]) => ({
      key,
      label: humanizeKey(key),
      value,
      unit: /bytes|size/.test(key)
        ? ('bytes' as const)
        : typeof value === 'number'
          ? ('count' as const)
          : ('text' as const),
    })),
  );

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
