import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { ServiceOverviewDto } from '@ipfs-kit/sdk';
import type { ServiceAction } from '../core/ipfs-kit-api';
import { formatDuration } from '../shared/format';
import { StatusChip } from '../shared/status-chip';
import { runsOrShould } from '../services/run-state';
import { CheckBar } from './check-bar';
import { pageLines, sortRows, type OverviewSort, type SortKey, type TableLine } from './overview-rows';

const WIDE_COLUMNS = ['name', 'type', 'status', 'health', 'checks', 'latency', 'last_check', 'reason', 'actions'];
const NARROW_COLUMNS = ['name', 'status', 'checks'];

/** The services as a sortable, paged Material table, optionally grouped by type. */
@Component({
  selector: 'app-services-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatSortModule, MatPaginatorModule, MatButtonModule, RouterLink, StatusChip, CheckBar],
  templateUrl: './services-table.html',
  styleUrl: './services-table.scss',
})
export class ServicesTable {
  readonly rows = input.required<ServiceOverviewDto[]>();
  readonly groupByType = input(false);
  readonly narrow = input(false);
  readonly busy = input<ReadonlySet<string>>(new Set());
  readonly action = output<{ name: string; action: ServiceAction }>();

  protected readonly sort = signal<OverviewSort>({ key: 'name', direction: 'asc' });
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  protected readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));
  protected readonly sorted = computed(() => sortRows(this.rows(), this.sort(), this.groupByType()));
  /** The page shown, kept inside the list when the list shrinks (a filter, a removal). */
  protected readonly page = computed(() =>
    Math.min(this.pageIndex(), Math.max(0, Math.ceil(this.sorted().length / this.pageSize()) - 1)),
  );
  protected readonly lines = computed(() => pageLines(this.sorted(), this.page(), this.pageSize(), this.groupByType()));
  protected readonly isGroup = (_: number, line: TableLine) => line.kind === 'group';
  protected readonly isRow = (_: number, line: TableLine) => line.kind === 'row';
  protected readonly trackLine = (_: number, line: TableLine) =>
    line.kind === 'group' ? `group:${line.type}` : line.row.name;

  protected onSort(sort: Sort): void {
    this.sort.set({ key: (sort.direction ? sort.active : 'name') as SortKey, direction: sort.direction || 'asc' });
  }

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }

  protected rowOf(line: TableLine): ServiceOverviewDto {
    if (line.kind !== 'row') throw new Error('not a service row');
    return line.row;
  }

  protected groupOf(line: TableLine): { type: string; count: number } {
    if (line.kind !== 'group') throw new Error('not a group line');
    return line;
  }

  protected ago(at: string | null): string {
    return at ? `${formatDuration(Math.max(0, (Date.now() - Date.parse(at)) / 1000))} ago` : '—';
  }

  protected readonly running = runsOrShould;
}
