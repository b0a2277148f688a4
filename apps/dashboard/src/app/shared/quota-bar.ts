import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';

/** Above this share of the quota the bar turns to the error colour. */
const HIGH_PERCENT = 90;

/**
 * The storage used against the quota as a thin bar, red above 90 %, with its percentage as
 * the accessible label and a tooltip; nothing while the use or the quota is unknown (or 0 %).
 */
@Component({
  selector: 'app-quota-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTooltipModule],
  template: `
    @if (percent(); as used) {
      <div class="bar" role="img" [attr.aria-label]="label()" [matTooltip]="label()">
        <div class="fill" [style.width.%]="used" [class.high]="used > high"></div>
      </div>
    }
  `,
  styles: `
    @use 'meter-bar';
    :host {
      display: contents;
    }
    @include meter-bar.meter(var(--mat-sys-primary));
    .fill.high {
      background: var(--mat-sys-error);
    }
  `,
})
export class QuotaBar {
  /** Bytes stored; `null` while unknown. */
  readonly used = input<number | null | undefined>(null);
  /** The quota in bytes; `null` while unknown. */
  readonly total = input<number | null | undefined>(null);
  protected readonly high = HIGH_PERCENT;

  /** The share used in percent (at most 100), `null` while either number is unknown or the quota is not positive. */
  protected readonly percent = computed(() => {
    const used = this.used();
    const total = this.total();
    return typeof used === 'number' && typeof total === 'number' && total > 0
      ? Math.min(100, (used / total) * 100)
      : null;
  });
  protected readonly label = computed(() => `${(this.percent() ?? 0).toFixed(1)} % of the quota used`);
}
