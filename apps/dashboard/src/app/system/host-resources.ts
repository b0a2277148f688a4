import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import type { HistoryResponseDto, SystemResourcesDto } from '@ipfs-kit/sdk';
import { formatBytes, formatDuration } from '../shared/format';
import { KnownValue } from '../shared/known-value';
import { Sparkline } from '../shared/sparkline';

/** CPU, memory and disk of the host (and the API process), with the CPU history. */
@Component({
  selector: 'app-host-resources',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, KnownValue, Sparkline],
  template: `
    @let h = resources()?.host;
    <mat-card appearance="outlined" class="card" data-testid="host-resources">
      <div class="head">
        <h3>Host resources</h3>
        @if (h) {
          <span class="muted">{{ h.cpu_count }} CPUs · up {{ uptime() }}</span>
        }
      </div>
      @if (error(); as message) {
        <p class="problem">{{ message }}</p>
      }
      <div class="grid">
        <div class="gauge">
          <span class="label">CPU</span>
          <app-known-value [value]="h?.cpu_percent" unit="percent" reason="measured after the first sample interval" />
          <app-sparkline [values]="cpuHistory()" [max]="100" label="host CPU history" emptyText="collecting…" />
        </div>
        <div class="gauge">
          <span class="label">Memory</span>
          <span class="value">{{ memory() ?? 'unknown' }}</span>
          <div class="bar"><div class="fill" [style.width.%]="memoryPercent()"></div></div>
        </div>
        <div class="gauge">
          <span class="label"
            >Disk <span class="path">{{ h?.disk_path ?? '' }}</span></span
          >
          @if (disk(); as text) {
            <span class="value">{{ text }}</span>
            <div class="bar"><div class="fill" [style.width.%]="diskPercent()"></div></div>
          } @else {
            <app-known-value [value]="null" reason="the disk of the store folder could not be measured" />
          }
        </div>
        <div class="gauge">
          <span class="label">API process</span>
          <span class="value">
            <app-known-value
              [value]="resources()?.api?.memory_rss_bytes"
              unit="bytes"
              [reason]="resources()?.api?.unknown?.['memory_rss_bytes'] ?? resources()?.api?.error"
            />
            ·
            <app-known-value
              [value]="resources()?.api?.cpu_percent"
              unit="percent"
              [reason]="resources()?.api?.unknown?.['cpu_percent'] ?? resources()?.api?.error"
            />
          </span>
          <span class="muted">load {{ load() }}</span>
        </div>
      </div>
    </mat-card>
  `,
  styles: `
    @use '../shared/meter-bar';
    .card {
      padding: 16px;
      border-radius: 16px;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      flex-wrap: wrap;
      gap: 8px;
    }
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 16px;
    }
    .gauge {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: 0;
    }
    .label {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .path {
      text-transform: none;
      letter-spacing: 0;
      overflow-wrap: anywhere;
    }
    .value {
      font-weight: 500;
      font-variant-numeric: tabular-nums;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .problem {
      color: var(--mat-sys-error);
    }
    @include meter-bar.meter(var(--mat-sys-tertiary));
    app-sparkline {
      height: 36px;
    }
  `,
})
export class HostResources {
  readonly resources = input<SystemResourcesDto | null>(null);
  readonly history = input<HistoryResponseDto | null>(null);
  readonly error = input<string | null>(null);

  protected readonly cpuHistory = computed(() =>
    (this.history()?.points ?? []).map((p) => p.avg['cpu_percent'] ?? null),
  );
  protected readonly uptime = computed(() => formatDuration(this.resources()?.host?.uptime_s ?? 0));
  protected readonly memory = computed(() => {
    const h = this.resources()?.host;
    return h ? `${formatBytes(h.memory_used_bytes)} of ${formatBytes(h.memory_total_bytes)}` : null;
  });
  protected readonly memoryPercent = computed(() => {
    const h = this.resources()?.host;
    return h && h.memory_total_bytes ? (h.memory_used_bytes / h.memory_total_bytes) * 100 : 0;
  });
  protected readonly disk = computed(() => {
    const h = this.resources()?.host;
    return h && h.disk_used_bytes !== null && h.disk_total_bytes !== null
      ? `${formatBytes(h.disk_used_bytes)} of ${formatBytes(h.disk_total_bytes)}`
      : null;
  });
  protected readonly diskPercent = computed(() => {
    const h = this.resources()?.host;
    return h && h.disk_used_bytes !== null && h.disk_total_bytes ? (h.disk_used_bytes / h.disk_total_bytes) * 100 : 0;
  });
  protected readonly load = computed(
    () => (this.resources()?.host?.load_avg ?? []).map((n) => n.toFixed(2)).join(' / ') || 'unknown',
  );
}
