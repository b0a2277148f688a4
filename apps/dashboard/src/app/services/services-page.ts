import { ChangeDetectionStrategy, Component, computed, inject, signal, type OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { BackendTypeDto, HistoryResponseDto, ServiceSummaryDto, SystemResourcesDto } from '@ipfs-kit/sdk';
import { firstValueFrom } from 'rxjs';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { LiveEvents, type LiveEvent } from '../core/live-events';
import { Notifier } from '../core/notifier';
import { ConfirmDialog, type ConfirmDialogData } from '../shared/confirm-dialog';
import { HostResources } from '../system/host-resources';
import { ServiceCard } from './service-card';
import { ServiceFormDialog, type ServiceFormDialogData } from './service-form-dialog';

const LIST_EVENTS = new Set(['service_added', 'service_removed', 'desired_state', 'config_changed']);

/** The dashboard: every service as a card, the host's resources, live updates. */
@Component({
  selector: 'app-services-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, MatTooltipModule, ServiceCard, HostResources],
  template: `
    <section class="top">
      <div>
        <h1>Services</h1>
        <p class="summary" data-testid="summary">
          {{ services().length }} configured · {{ running() }} running · {{ healthy() }} healthy
          <span
            class="live"
            [class.on]="events.connected()"
            [matTooltip]="events.connected() ? 'Live updates on' : 'Live updates reconnecting'"
          >
            ● {{ events.connected() ? 'live' : 'offline' }}
          </span>
        </p>
      </div>
      <button mat-flat-button type="button" (click)="add()" [disabled]="!types().length" data-testid="add-service">
        + Add service
      </button>
    </section>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (loadError(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (!loading() && !loadError() && services().length === 0) {
      <section class="empty" data-testid="empty-state">
        <h2>No services yet</h2>
        <p>
          A service is a storage backend ipfs-kit watches: an IPFS node, an S3 bucket, a folder of Parquet or Arrow
          files, a Hugging Face or GitHub account, an FTP or SFTP server and more. Add one to see its status, health,
          storage and history here.
        </p>
        <button mat-flat-button type="button" (click)="add()" [disabled]="!types().length">+ Add service</button>
      </section>
    }
    <section class="cards">
      @for (service of services(); track service.name) {
        <app-service-card
          [service]="service"
          [refresh]="refreshKeys()[service.name] ?? 0"
          [busy]="busy().has(service.name)"
          (action)="act($event.name, $event.action)"
          (configure)="configure($event)"
          (remove)="remove($event)"
        />
      }
    </section>
    <app-host-resources [resources]="resources()" [history]="resourceHistory()" [error]="resourcesError()" />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .top {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 12px;
      flex-wrap: wrap;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
    .summary {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .live {
      margin-left: 8px;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-outline);
    }
    .live.on {
      color: light-dark(#15803d, #86efac);
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr));
      gap: 16px;
    }
    .empty {
      text-align: center;
      padding: 48px 16px;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 16px;
    }
    .empty p {
      max-width: 560px;
      margin: 8px auto 20px;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ServicesPage implements OnInit {
  private readonly api = inject(IpfsKitApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  protected readonly events = inject(LiveEvents);

  protected readonly services = signal<ServiceSummaryDto[]>([]);
  protected readonly types = signal<BackendTypeDto[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly refreshKeys = signal<Record<string, number>>({});
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly resources = signal<SystemResourcesDto | null>(null);
  protected readonly resourceHistory = signal<HistoryResponseDto | null>(null);
  protected readonly resourcesError = signal<string | null>(null);
  protected readonly running = computed(() => this.services().filter((s) => s.status === 'running').length);
  protected readonly healthy = computed(() => this.services().filter((s) => s.health === 'healthy').length);

  /** Numbers the list requests, so that only the answer to the newest one is shown. */
  private listRequests = 0;

  constructor() {
    this.events.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
  }

  async ngOnInit(): Promise<void> {
    this.events.open();
    await Promise.all([this.loadServices(), this.loadTypes(), this.loadResources()]);
    this.loading.set(false);
  }

  protected async add(): Promise<void> {
    const data: ServiceFormDialogData = {
      mode: 'add',
      types: this.types(),
      existingNames: this.services().map((s) => s.name),
    };
    if (await this.openForm(data)) await this.loadServices();
  }

  protected async configure(name: string): Promise<void> {
    try {
      const current = await this.api.config(name);
      const type = this.types().find((t) => t.type === current.type);
      if (!type) throw new Error(`No form for type "${current.type}": its driver is not installed`);
      if (await this.openForm({ mode: 'configure', type, current })) {
        await this.loadServices();
        this.bump(name);
      }
    } catch (error) {
      this.notifier.error(error);
    }
  }

  protected async remove(name: string): Promise<void> {
    const data: ConfirmDialogData = {
      title: `Remove ${name}?`,
      message: `The service is stopped and its config, state and monitoring history are deleted. The data in the backend itself is not touched.`,
      confirm: 'Remove',
    };
    const confirmed = await firstValueFrom(this.dialog.open(ConfirmDialog, { data }).afterClosed());
    if (!confirmed) return;
    await this.withBusy(name, async () => {
      const result = await this.api.remove(name);
      this.notifier.info(result.message);
      this.services.update((list) => list.filter((s) => s.name !== name));
    });
  }

  protected async act(name: string, action: ServiceAction): Promise<void> {
    await this.withBusy(name, async () => {
      const result = await this.api.act(name, action);
      if (!result.success) throw new Error(result.error?.message ?? result.message);
      this.notifier.info(result.message);
      await this.loadServices();
      this.bump(name);
    });
  }

  private async openForm(data: ServiceFormDialogData): Promise<boolean> {
    const ref = this.dialog.open(ServiceFormDialog, {
      data,
      width: '680px',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  private async withBusy(name: string, work: () => Promise<void>): Promise<void> {
    this.busy.update((set) => new Set([...set, name]));
    try {
      await work();
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.update((set) => new Set([...set].filter((n) => n !== name)));
    }
  }

  /**
   * Reloads the list. Events can start several loads at once and their answers can
   * arrive out of order: an older answer (without a service added since) is dropped.
   */
  private async loadServices(): Promise<void> {
    const request = ++this.listRequests;
    try {
      const list = await this.api.listServices();
      if (request !== this.listRequests) return;
      this.services.set(list.details);
      this.loadError.set(null);
    } catch (error) {
      if (request !== this.listRequests) return;
      this.loadError.set(error instanceof Error ? error.message : String(error));
    }
  }

  private async loadTypes(): Promise<void> {
    try {
      this.types.set(await this.api.listTypes());
    } catch (error) {
      this.notifier.error(error);
    }
  }

  private async loadResources(): Promise<void> {
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
      if (event.subject === 'host' || event.subject === '_host') void this.loadResources();
      return;
    }
    const name = event.service;
    if (!name) return;
    const unknownService = !this.services().some((s) => s.name === name);
    if (LIST_EVENTS.has(event.type) || (event.type === 'status' && unknownService)) void this.loadServices();
    if (event.type === 'status') {
      const status = event['status'] as ServiceSummaryDto['status'];
      const health = event['health'] as ServiceSummaryDto['health'];
      this.services.update((list) => list.map((s) => (s.name === name ? { ...s, status, health } : s)));
    }
    if (event.type === 'status' || event.type === 'probe' || event.type === 'config_changed') this.bump(name);
  }

  private bump(name: string): void {
    this.refreshKeys.update((keys) => ({ ...keys, [name]: (keys[name] ?? 0) + 1 }));
  }
}
