import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { FleetNodeDto } from '@ipfs-kit/sdk';
import { formatBytes, formatDuration } from '../shared/format';
import { HEALTHS } from '../shared/row-filter';
import { StatusChip } from '../shared/status-chip';

/** The fleet's nodes: presence, last heartbeat, version, host resources and their services by health. */
@Component({
  selector: 'app-fleet-nodes-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatTooltipModule, StatusChip],
  templateUrl: './fleet-nodes-table.html',
  styleUrl: './fleet-nodes-table.scss',
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
