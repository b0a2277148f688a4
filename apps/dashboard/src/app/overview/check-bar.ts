import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RecentCheckDto } from '@ipfs-kit/sdk';

const UP = 'var(--check-up)';
const DOWN = 'var(--check-down)';
const NONE = 'var(--check-none)';

/**
 * The last checks of a service as a row of small bars (up, down, none yet), oldest
 * left, drawn as one element (a gradient: cheap at 1,000 rows), with a text equivalent.
 */
@Component({
  selector: 'app-check-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span
    class="bar"
    role="img"
    [attr.aria-label]="label()"
    [attr.title]="label()"
    [style.width.px]="size() * 6 - 2"
    [style.background]="gradient()"
  ></span>`,
  styles: `
    :host {
      --check-up: light-dark(#15803d, #4ade80);
      --check-down: light-dark(#b91c1c, #f87171);
      --check-none: var(--mat-sys-surface-container-highest);
      display: inline-flex;
    }
    .bar {
      display: inline-block;
      height: 18px;
      border-radius: 2px;
    }
  `,
})
export class CheckBar {
  readonly checks = input.required<RecentCheckDto[]>();
  /** How many slots the bar has; missing checks show as empty slots on the left. */
  readonly size = input(30);

  /** Slots of 4 px with 2 px gaps, as hard colour stops. */
  protected readonly gradient = computed(() => {
    const checks = this.checks().slice(-this.size());
    const colours = [
      ...Array<string>(this.size() - checks.length).fill(NONE),
      ...checks.map((check) => (check.ok ? UP : DOWN)),
    ];
    const stops = colours.map(
      (colour, i) => `${colour} ${i * 6}px ${i * 6 + 4}px, transparent ${i * 6 + 4}px ${i * 6 + 6}px`,
    );
    return `linear-gradient(to right, ${stops.join(', ')})`;
  });

  protected readonly label = computed(() => {
    const checks = this.checks().slice(-this.size());
    if (checks.length === 0) return 'No checks yet';
    const up = checks.filter((check) => check.ok).length;
    return `Last ${checks.length} checks: ${up} up, ${checks.length - up} down`;
  });
}
