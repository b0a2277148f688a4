import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SystemFleetDto } from '@ipfs-kit/sdk';

/** Says so when this node is without NATS (not reached yet, or lost): it works standalone; the API's message says what that means. */
@Component({
  selector: 'app-fleet-link-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (link(); as l) {
      @if (l.mode === 'fleet' && !l.connected) {
        <p class="banner" role="status" data-testid="fleet-disconnected">
          <strong>{{
            l.state === 'connecting'
              ? 'This node has not reached NATS yet'
              : 'This node has lost its connection to NATS'
          }}</strong>{{ l.disconnected_since ? ' since ' + when(l.disconnected_since) : '' }}.
          <span class="message">{{ l.message }}</span>
        </p>
      }
    }
  `,
  styles: `
    .banner {
      margin: 0;
      padding: 12px 16px;
      border-radius: 12px;
      background: light-dark(#fef3c7, #45340b);
      color: light-dark(#78350f, #fde68a);
    }
    .message {
      display: block;
      margin-top: 4px;
    }
  `,
})
export class FleetLinkBanner {
  readonly link = input<SystemFleetDto | null>(null);

  protected when(at: string): string {
    return new Date(at).toLocaleString();
  }
}
