import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RecentCheckDto } from '@ipfs-kit/sdk';

/** The last checks of a service as a row of small bars (green up, red down), oldest left, with a text equivalent. */
@Component({
  selector: 'app-check-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="bar" role="img" [attr.aria-label]="label()" [attr.title]="label()">
      @for (slot of slots(); track $index) {
        <span class="tick" [class.up]="slot === 'up'" [class.down]="slot === 'down'"></span>
      }
    </span>
  `,
  styles: `
    .bar {
      display: inline-flex;
      gap: 2px;
      align-items: stretch;
      height: 18px;
    }
    .tick {
      width: 4px;
      border-radius: 2px;
      background: var(--mat-sys-surface-container-highest);
    }
    .tick.up {
      background: light-dark(#15803d, #4ade80);
    }
    .tick.down {
      background: light-dark(#b91c1c, #f87171);
    }
  `,
})
export class CheckBar {
  readonly checks = input.required<RecentCheckDto[]>();
  /** How many slots the bar has; missing checks show as empty slots on the left. */
  readonly size = input(30);

  protected readonly slots = computed(() => {
    const checks = this.checks().slice(-this.size());
    const empty = Array<'none'>(this.size() - checks.length).fill('none');
    return [...empty, ...checks.map((check) => (check.ok ? 'up' : 'down'))];
  });

  protected readonly label = computed(() => {
    const checks = this.checks().slice(-this.size());
    if (checks.length === 0) return 'No checks yet';
    const up = checks.filter((check) => check.ok).length;
    return `Last ${checks.length} checks: ${up} up, ${checks.length - up} down`;
  });
}
