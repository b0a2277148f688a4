import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule, type MatButtonAppearance } from '@angular/material/button';
import type { ServiceSummaryDto } from '@ipfs-kit/sdk';
import type { ServiceAction } from '../core/ipfs-kit-api';
import { runsOrShould, type RunState } from './run-state';

const WHILE_RUNNING: ReadonlyArray<{ action: ServiceAction; label: string }> = [
  { action: 'stop', label: 'Stop' },
  { action: 'restart', label: 'Restart' },
];
const WHILE_STOPPED: ReadonlyArray<{ action: ServiceAction; label: string }> = [{ action: 'start', label: 'Start' }];

/**
 * A service's Stop and Restart buttons, or its Start button (filled, and only for a
 * supported type); all disabled while an action of the service is under way.
 */
@Component({
  selector: 'app-run-buttons',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    @for (button of buttons(); track button.action) {
      <button
        [matButton]="button.action === 'start' ? 'filled' : appearance()"
        type="button"
        (click)="action.emit(button.action)"
        [disabled]="busy() || (button.action === 'start' && !service().supported)"
        [attr.data-action]="button.action"
      >
        {{ button.label }}
      </button>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class RunButtons {
  readonly service = input.required<RunState & Pick<ServiceSummaryDto, 'supported'>>();
  readonly busy = input(false);
  /** How Stop and Restart look. */
  readonly appearance = input<MatButtonAppearance>('text');
  readonly action = output<ServiceAction>();

  protected readonly buttons = computed(() => (runsOrShould(this.service()) ? WHILE_RUNNING : WHILE_STOPPED));
}
