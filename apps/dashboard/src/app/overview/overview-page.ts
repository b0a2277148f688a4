import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal, type OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { HistoryResponseDto, SystemResourcesDto } from '@ipfs-kit/sdk';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { LiveEvents, type LiveEvent } from '../core/live-events';
import { BackupPanel } from '../backup/backup-panel';
import { ServiceActions } from '../services/service-actions';
import { ServiceCard } from '../services/service-card';
import { HostResources } from '../system/host-resources';
import { OverviewStore } from './overview-store';
import { filterRows, NO_FILTER, type OverviewFilter } from './overview-rows';
import { ServicesTable } from './services-table';
import { FiringAlerts } from '../alerts/firing-alerts';
import { FleetMode } from '../core/fleet-mode';
import { FleetOverview } from '../fleet/fleet-overview';
import { FilterBar, rowChoices } from '../shared/filter-bar';
import { isFiltering, typesOf } from '../shared/row-filter';

/** The cards view shows at most this many services (each card asks for its own details). */
export const CARDS_LIMIT = 24;
const VIEW_KEY = 'ipfs-kit.overview-view';
const SCOPE_KEY = 'ipfs-kit.overview-scope';
/** Host resources are re-read on their events at most this often. */
const RESOURCES_EVERY_MS = 60_000;

/** The overview: every service in a table (or as cards, for a handful), filters, summary counts, host resources. */
@Component({
  selector: 'app-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatProgressBarModule,
    FilterBar,
    MatTooltipModule,
    ServicesTable,
    ServiceCard,
    HostResources,
    BackupPanel,
    FiringAlerts,
    FleetOverview,
  ],
  providers: [OverviewStore],
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.scss',
})
export class OverviewPage implements OnInit {
  private readonly api = inject(IpfsKitApi);
  protected readonly store = inject(OverviewStore);
  protected readonly actions = inject(ServiceActions);
  protected readonly events = inject(LiveEvents);
  protected readonly fleet = inject(FleetMode);
  protected readonly cardsLimit = CARDS_LIMIT;

  protected readonly filter = signal<OverviewFilter>(NO_FILTER);
  protected readonly groupByType = signal(false);
  protected readonly chosenView = signal<'table' | 'cards' | null>(readChoice(VIEW_KEY, ['table', 'cards']));
  private readonly chosenScope = signal<'node' | 'fleet'>(readChoice(SCOPE_KEY, ['node', 'fleet']) ?? 'node');
  /** This node's services, or every node's: the fleet only when this node is in a fleet. */
  protected readonly scope = computed(() => (this.fleet.enabled() ? this.chosenScope() : 'node'));
  protected readonly narrow = signal(false);
  protected readonly refreshKeys = signal<Record<string, number>>({});
  protected readonly resources = signal<SystemResourcesDto | null>(null);
  protected readonly resourceHistory = signal<HistoryResponseDto | null>(null);
  protected readonly resourcesError = signal<string | null>(null);
  private resourcesReadAt = 0;

  protected readonly choices = computed(() => rowChoices<OverviewFilter>(typesOf(this.store.rows())));
  protected readonly filtered = computed(() => filterRows(this.store.rows(), this.filter()));
  /** Cards for a handful of services, the table otherwise, unless the person chose. */
  protected readonly view = computed(() => this.chosenView() ?? (this.store.rows().length <= 12 ? 'cards' : 'table'));
  protected readonly cards = computed(() => this.filtered().slice(0, CARDS_LIMIT));
  protected readonly filtering = computed(() => isFiltering(this.filter()));

  constructor() {
    this.events.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
    const media = typeof matchMedia === 'function' ? matchMedia('(max-width: 760px)') : null;
    if (media) {
      this.narrow.set(media.matches);
      const listener = (change: MediaQueryListEvent) => this.narrow.set(change.matches);
      media.addEventListener('change', listener);
      inject(DestroyRef).onDestroy(() => media.removeEventListener('change', listener));
    }
  }

  async ngOnInit(): Promise<void> {
    this.events.open();
    await Promise.all([this.store.start(), this.loadResources()]);
  }

  protected chooseView(view: 'table' | 'cards'): void {
    this.chosenView.set(view);
    keepChoice(VIEW_KEY, view);
  }

  protected chooseScope(scope: 'node' | 'fleet'): void {
    this.chosenScope.set(scope);
    keepChoice(SCOPE_KEY, scope);
  }

  protected async add(): Promise<void> {
    await this.actions.add(this.store.rows().map((row) => row.name));
  }

  protected async configure(name: string): Promise<void> {
    if (await this.actions.configure(name)) this.bump(name);
  }

  protected async remove(name: string): Promise<void> {
    if (await this.actions.remove(name)) this.store.patch(name, null);
  }

  protected async act(name: string, action: ServiceAction): Promise<void> {
    if (await this.actions.act(name, action)) {
      await this.store.fetchOne(name);
      this.bump(name);
    }
  }

  private async loadResources(): Promise<void> {
    this.resourcesReadAt = Date.now();
    try {
      const [resources, history] = await Promise.all([this.api.resources(), this.api.resourceHistory()]);
      this.resources.set(resources);
      this.resourceHistory.set(history);
      this.resourcesError.set(null);
    } catch (error) {
      this.resourcesError.set(error instanceof Error ? error.message : String(error));
    }
  }

  private onEvent(event: LiveEvent): void {
    if (event.type === 'resources') {
      const host = event.subject === 'host' || event.subject === '_host';
      if (host && Date.now() - this.resourcesReadAt >= RESOURCES_EVERY_MS) void this.loadResources();
      return;
    }
    // Cards ask for their own details: only in the cards view, and only the card concerned.
    const name = event.service;
    if (name && this.view() === 'cards' && ['status', 'config_changed'].includes(event.type)) this.bump(name);
  }

  private bump(name: string): void {
    this.refreshKeys.update((keys) => ({ ...keys, [name]: (keys[name] ?? 0) + 1 }));
  }
}

function readChoice<T extends string>(key: string, values: readonly T[]): T | null {
  try {
    const stored = localStorage.getItem(key);
    return values.find((value) => value === stored) ?? null;
  } catch {
    return null;
  }
}

function keepChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}
