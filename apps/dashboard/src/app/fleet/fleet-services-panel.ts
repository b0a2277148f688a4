import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { FleetNodeDto, FleetServiceDto } from '@ipfs-kit/sdk';
import { formatDuration } from '../shared/format';
import { FilterBar, rowChoices } from '../shared/filter-bar';
import { isFiltering, typesOf } from '../shared/row-filter';
import { StatusChip } from '../shared/status-chip';
import {
  countStates,
  filterFleetRows,
  FLEET_STATE_LABEL,
  groupByService,
  nodeChoices,
  nodeLabel,
  NO_FLEET_FILTER,
  type FleetFilter,
  type FleetServiceGroup,
} from './fleet-rows';

/**
 * Every service of every node: one line per service with its state across the fleet
 * (up, partially down, down) and each node's result; search and filters by node, type,
 * status and health apply to the node results. Paged, so 1,000 services stay light.
 */
@Component({
  selector: 'app-fleet-services-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatPaginatorModule, MatTableModule, MatTooltipModule, StatusChip, FilterBar],
  templateUrl: './fleet-services-panel.html',
  styleUrl: './fleet-services-panel.scss',
})
export class FleetServicesPanel {
  readonly rows = input.required<FleetServiceDto[]>();
  readonly nodes = input.required<FleetNodeDto[]>();

  protected readonly columns = ['name', 'type', 'state', 'results'];
  protected readonly stateLabel = FLEET_STATE_LABEL;
  protected readonly nodeLabel = nodeLabel;
  protected readonly filter = signal<FleetFilter>(NO_FLEET_FILTER);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);

  protected readonly choices = computed(() => [
    { key: 'nodes' as const, label: 'Node', testId: 'fleet-filter-node', options: nodeChoices(this.nodes()) },
    ...rowChoices<FleetFilter>(typesOf(this.rows()), 'fleet-'),
  ]);
  protected readonly allGroups = computed(() => groupByService(this.rows(), this.rows()));
  protected readonly groups = computed(() => groupByService(filterFleetRows(this.rows(), this.filter()), this.rows()));
  protected readonly counts = computed(() => countStates(this.allGroups()));
  protected readonly filtering = computed(() => isFiltering(this.filter()));
  /** The page shown, kept inside the list when it shrinks. */
  protected readonly page = computed(() =>
    Math.min(this.pageIndex(), Math.max(0, Math.ceil(this.groups().length / this.pageSize()) - 1)),
  );
  protected readonly shown = computed(() =>
    this.groups().slice(this.page() * this.pageSize(), (this.page() + 1) * this.pageSize()),
  );
  protected readonly trackGroup = (_: number, group: FleetServiceGroup) => group.name;

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }

  /** "4 ms · checked 3 s ago"; only what the node reported. */
  protected checkText(row: FleetServiceDto): string {
    const latency = row.latency_ms === null ? null : `${row.latency_ms.toFixed(0)} ms`;
    const checked = row.last_check
      ? `checked ${formatDuration(Math.max(0, (Date.now() - Date.parse(row.last_check)) / 1000))} ago`
      : null;
    return [latency, checked].filter(Boolean).join(' · ');
  }
}
