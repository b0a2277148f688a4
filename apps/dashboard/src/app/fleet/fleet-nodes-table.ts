import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { FleetNodeDto } from '@ipfs-kit/sdk';
import { formatBytes, formatDuration } from '../shared/format';
import { StatusChip } from '../shared/status-chip';

const HEALTHS = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;

/** The fleet's nodes: presence, last heartbeat, version, host resources and their services by health. */
@Component({
  selector: 'app-fleet-nodes-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatTooltipModule, StatusChip],
  template: `
    <div class="wrap">
      <table
        mat-table
        [dataSource]="nodes()"
        [trackBy]="trackNode"
        aria-label="The fleet's nodes"
        data-testid="fleet-nodes-table"
      >
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>Node</th>
          <td mat-cell *matCellDef="let n">
            <span class="name">{{ n.name ?? '(no name yet)' }}</span>
            @if (n.self) {
              <span class="self">this node</span>
            }
            @if (n.labels.length) {
              <span class="sub">{{ n.labels.join(', ') }}</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="id">
          <th mat-header-cell *matHeaderCellDef>Id</th>
          <td mat-cell *matCellDef="let n" class="mono" [matTooltip]="n.id">{{ n.id.slice(0, 8) }}</td>
        </ng-container>
        <ng-container matColumnDef="presence">
          <th mat-header-cell *matHeaderCellDef>Presence</th>
          <td mat-cell *matCellDef="let n">
            <app-status-chip [value]="n.online ? 'online' : 'offline'" data-testid="presence" />
          </td>
        </ng-container>
        <ng-container matColumnDef="last_seen">
          <th mat-header-cell *matHeaderCellDef>Last seen</th>
          <td mat-cell *matCellDef="let n">{{ n.self ? 'now' : ago(n.last_seen) }}</td>
        </ng-container>
        <ng-container matColumnDef="version">
          <th mat-header-cell *matHeaderCellDef>Version</th>
          <td mat-cell *matCellDef="let n">{{ n.version ?? '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="host">
          <th mat-header-cell *matHeaderCellDef>Host</th>
          <td mat-cell *matCellDef="let n" class="host">
            @if (n.host; as h) {
              <span>CPU {{ h.cpu_percent === null ? '—' : h.cpu_percent.toFixed(0) + ' %' }}</span>
              <span>Memory {{ usage(h.memory_used_bytes, h.memory_total_bytes) }}</span>
              <span>Disk {{ usage(h.disk_used_bytes, h.disk_total_bytes) }}</span>
            } @else {
              <span class="sub">not reported yet</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="services">
          <th mat-header-cell *matHeaderCellDef>Services by health</th>
          <td mat-cell *matCellDef="let n" class="counts" data-testid="service-counts">
            <span class="total">{{ n.services.total }} total</span>
            @for (c of byHealth(n); track c.health) {
              <span class="count"
                >, <span class="dot" [class]="'dot dot-' + c.health" aria-hidden="true"></span>{{ c.count }}
                {{ c.health }}</span
              >
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let n; columns: columns" [attr.data-node]="n.name ?? n.id"></tr>
      </table>
    </div>
  `,
  styles: `
    .wrap {
      overflow-x: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    table {
      width: 100%;
    }
    .name {
      font-weight: 500;
    }
    .self {
      margin-left: 8px;
      padding: 1px 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .sub {
      display: block;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
    .host span {
      display: block;
      white-space: nowrap;
      font: var(--mat-sys-body-small);
    }
    .counts {
      white-space: nowrap;
    }
    .dot {
      display: inline-block;
      width: 8px;
      height: 8px;
      margin-right: 4px;
      border-radius: 50%;
    }
    .dot-healthy {
      background: #22a04b;
    }
    .dot-degraded {
      background: #f59e0b;
    }
    .dot-unhealthy {
      background: #ef4444;
    }
    .dot-unknown {
      background: var(--mat-sys-outline);
    }
    .total {
      font-variant-numeric: tabular-nums;
      font-weight: 500;
    }
  `,
})
export class FleetNodesTable {
  readonly nodes = input.required<FleetNodeDto[]>();
  protected readonly columns = ['name', 'id', 'presence', 'last_seen', 'version', 'host', 'services'];
  protected readonly trackNode = (_: number, node: FleetNodeDto) => node.id;

  /** The node's services by health, those with none left out. */
  protected byHealth(node: FleetNodeDto): Array<{ health: string; count: number }> {
    return HEALTHS.map((health) => ({ health, count: node.services[health] })).filter((entry) => entry.count > 0);
  }

  protected ago(at: string | null): string {
    return at ? `${formatDuration(Math.max(0, (Date.now() - Date.parse(at)) / 1000))} ago` : 'never';
  }

  /** "1.2 GB of 8 GB"; a dash for what the node did not measure. */
  protected usage(used: number | null, total: number | null): string {
    if (used === null) return '—';
    return total === null ? formatBytes(used) : `${formatBytes(used)} of ${formatBytes(total)}`;
  }
}
