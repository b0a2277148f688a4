import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { formatBytes, formatCount } from './format';

/**
 * A number that may be unknown: `null` shows "unknown" with the reason as a tooltip,
 * never a made-up 0.
 */
@Component({
  selector: 'app-known-value',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTooltipModule],
  template: `
    @if (text(); as shown) {
      <span class="value">{{ shown }}</span>
    } @else {
      <span class="unknown" tabindex="0" [matTooltip]="reason() || 'not reported by this backend'">unknown</span>
    }
  `,
  styles: `
    .value {
      font-variant-numeric: tabular-nums;
      font-weight: 500;
    }
    .unknown {
      color: var(--mat-sys-on-surface-variant);
      font-style: italic;
      border-bottom: 1px dotted currentColor;
      cursor: help;
    }
  `,
})
export class KnownValue {
  readonly value = input<number | string | boolean | null | undefined>(null);
  readonly unit = input<'bytes' | 'count' | 'percent' | 'ms' | 'text'>('count');
  readonly reason = input<string | null | undefined>(null);

  protected readonly text = computed(() => {
    const value = this.value();
    if (value === null || value === undefined) return null;
    if (typeof value !== 'number') return String(value);
    switch (this.unit()) {
      case 'bytes':
        return formatBytes(value);
      case 'percent':
        return `${value.toFixed(1)} %`;
      case 'ms':
        return `${formatCount(Math.round(value))} ms`;
      case 'text':
        return String(value);
      default:
        return formatCount(value);
    }
  });
}
