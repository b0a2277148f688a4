import { ChangeDetectionStrategy, Component, computed, inject, type OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { FleetLinkBanner } from './fleet-link-banner';
import { FleetNodesTable } from './fleet-nodes-table';
import { FleetServicesPanel } from './fleet-services-panel';
import { FleetStore } from './fleet-store';

/** The fleet: every node with its presence and resources, and every service of every node. */
@Component({
  selector: 'app-fleet-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, FleetLinkBanner, FleetNodesTable, FleetServicesPanel],
  providers: [FleetStore],
  template: `
    <section class="top">
      <div>
        <h1>Fleet</h1>
        <p class="summary" data-testid="fleet-summary" aria-live="polite">
          @if (store.loaded()) {
            {{ online() }} of {{ store.nodes().length }} {{ store.nodes().length === 1 ? 'node' : 'nodes' }} online
            @if (store.readAt(); as at) {
              <span class="muted"> · read at {{ at.toLocaleTimeString() }}</span>
            }
          } @else {
            Loading the fleet…
          }
        </p>
      </div>
      <button mat-stroked-button type="button" (click)="store.refresh()" data-testid="fleet-refresh">Refresh</button>
    </section>
    <app-fleet-link-banner [link]="store.link()" />
    @if (!store.loaded()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the fleet" />
    }
    @if (store.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (store.loaded() && store.nodes().length > 0) {
      <section aria-labelledby="fleet-nodes-title">
        <h2 id="fleet-nodes-title">Nodes</h2>
        <app-fleet-nodes-table [nodes]="store.nodes()" />
      </section>
      <section aria-labelledby="fleet-services-title">
        <h2 id="fleet-services-title">Services</h2>
        <app-fleet-services-panel [rows]="store.services()" [nodes]="store.nodes()" />
      </section>
    }
  `,
  styleUrl: './fleet-page.scss',
})
export class FleetPage implements OnInit {
  protected readonly store = inject(FleetStore);
  protected readonly online = computed(() => this.store.nodes().filter((node) => node.online).length);

  ngOnInit(): Promise<void> {
    return this.store.start();
  }
}
