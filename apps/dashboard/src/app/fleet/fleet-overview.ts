import { ChangeDetectionStrategy, Component, inject, type OnInit } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { FleetLinkBanner } from './fleet-link-banner';
import { FleetServicesPanel } from './fleet-services-panel';
import { FleetStore } from './fleet-store';

/** The overview's "the fleet" view: every service of every node, read as the fleet page reads it. */
@Component({
  selector: 'app-fleet-overview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBarModule, RouterLink, FleetLinkBanner, FleetServicesPanel],
  providers: [FleetStore],
  template: `
    <app-fleet-link-banner [link]="store.link()" />
    @if (!store.loaded()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the fleet's services" />
    }
    @if (store.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (store.loaded()) {
      <app-fleet-services-panel [rows]="store.services()" [nodes]="store.nodes()" />
      <p class="more"><a routerLink="/fleet">The nodes of the fleet</a></p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .more {
      margin: 0;
    }
  `,
})
export class FleetOverview implements OnInit {
  protected readonly store = inject(FleetStore);

  ngOnInit(): Promise<void> {
    return this.store.start();
  }
}
