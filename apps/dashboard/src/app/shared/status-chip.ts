import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export type ChipTone = 'good' | 'busy' | 'warn' | 'bad' | 'neutral';

const TONES: Record<string, ChipTone> = {
  running: 'good',
  healthy: 'good',
  starting: 'busy',
  degraded: 'warn',
  stopped: 'neutral',
  unknown: 'neutral',
  error: 'bad',
  unhealthy: 'bad',
  // A service across the fleet, and a node's presence.
  up: 'good',
  partially_down: 'warn',
  down: 'bad',
  online: 'good',
  offline: 'bad',
};

/** A coloured badge for a status (stopped|starting|running|error|unknown), a health value, a fleet state or a node's presence. */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip" [class]="'chip tone-' + tone()" [attr.data-value]="value()"
    ><span class="dot" aria-hidden="true"></span>{{ label() ? label() + ': ' : '' }}{{ text() }}</span
  >`,
  styles: `
    :host {
      display: inline-flex;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      line-height: 20px;
      white-space: nowrap;
      background: var(--chip-bg);
      color: var(--chip-fg);
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--chip-dot);
    }
    .tone-good {
      --chip-bg: light-dark(#dff5e3, #173d22);
      --chip-fg: light-dark(#14532d, #b9f0c6);
      --chip-dot: #22a04b;
    }
    .tone-busy {
      --chip-bg: light-dark(#dbeafe, #172c4d);
      --chip-fg: light-dark(#1e3a8a, #bcd4ff);
      --chip-dot: #3b82f6;
    }
    .tone-warn {
      --chip-bg: light-dark(#fef3c7, #45340b);
      --chip-fg: light-dark(#78350f, #fde68a);
      --chip-dot: #f59e0b;
    }
    .tone-bad {
      --chip-bg: light-dark(#fee2e2, #4a1717);
      --chip-fg: light-dark(#7f1d1d, #fecaca);
      --chip-dot: #ef4444;
    }
    .tone-neutral {
      --chip-bg: var(--mat-sys-surface-container-highest);
      --chip-fg: var(--mat-sys-on-surface-variant);
      --chip-dot: var(--mat-sys-outline);
    }
    .tone-busy .dot {
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
  `,
})
export class StatusChip {
  readonly value = input.required<string>();
  readonly label = input<string>('');
  protected readonly tone = computed<ChipTone>(() => TONES[this.value()] ?? 'neutral');
  /** partially_down reads "partially down". */
  protected readonly text = computed(() => this.value().replace(/_/g, ' '));
}
