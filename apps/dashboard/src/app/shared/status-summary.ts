import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ServiceMaintenanceStateDto } from '@ipfs-kit/sdk';
import { StatusChip } from './status-chip';

/** What the summary shows of a service: the fields both the status answer and the list rows carry. */
export interface StatusSummaryService {
  name: string;
  type: string | null;
  supported?: boolean;
  status: string;
  health: string;
}

/**
 * A service's name, type, status and health chips, its maintenance window and the reason
 * of its error: the same block on a card of the overview and at the top of the service
 * page (`heading` says which level its name is). Projected content (the page's actions)
 * goes at the end of the first line.
 */
@Component({
  selector: 'app-status-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusChip],
  template: `
    @let s = service();
    <div class="head">
      <div class="titles">
        @if (heading() === 'page') {
          <h1 class="name page">{{ s.name }}</h1>
        } @else {
          <h3 class="name">{{ s.name }}</h3>
        }
        <span class="type">{{ s.type ?? 'unknown type' }}{{ s.supported === false ? ' (no driver)' : '' }}</span>
      </div>
      <div class="chips">
        <app-status-chip [value]="s.status" data-testid="status" />
        <app-status-chip [value]="s.health" data-testid="health" />
        @if (maintenance(); as m) {
          <span class="maintenance" role="status" data-testid="maintenance">Maintenance until {{ m.until }}: {{ m.reason }}</span>
        }
      </div>
      <ng-content />
    </div>
    @if (error(); as problem) {
      <p class="reason" role="status" data-testid="reason">
        {{ showCode() ? problem.code + ': ' : '' }}{{ problem.message }}
      </p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: 0;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
    }
    .titles {
      min-width: 0;
    }
    .name {
      margin: 0;
      font: var(--mat-sys-title-large);
      overflow-wrap: anywhere;
    }
    .name.page {
      font: var(--mat-sys-headline-small);
    }
    .type {
      display: block;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.06em;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .maintenance {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .reason {
      margin: 0;
      color: var(--mat-sys-error);
      overflow-wrap: anywhere;
    }
  `,
})
export class StatusSummary {
  readonly service = input.required<StatusSummaryService>();
  /** `page`: the name is the page's h1; `card`: an h3 in a list of cards. */
  readonly heading = input<'page' | 'card'>('card');
  readonly error = input<{ code: string; message: string } | null | undefined>(null);
  readonly maintenance = input<ServiceMaintenanceStateDto | null | undefined>(null);
  /** Prefix the reason with its error code (the page); a card shows the message only. */
  readonly showCode = input(false);
}
