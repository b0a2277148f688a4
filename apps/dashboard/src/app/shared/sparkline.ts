import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const WIDTH = 240;
const HEIGHT = 48;

/** A small inline SVG area chart of a series; `null` points are gaps (failed or unknown samples). */
@Component({
  selector: 'app-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shape(); as s) {
      <svg
        [attr.viewBox]="'0 0 ' + width + ' ' + height"
        preserveAspectRatio="none"
        role="img"
        [attr.aria-label]="label()"
      >
        <path class="area" [attr.d]="s.area" />
        <path class="line" [attr.d]="s.line" />
      </svg>
    } @else {
      <div class="empty">{{ emptyText() }}</div>
    }
  `,
  styles: `
    :host {
      display: block;
      height: 48px;
    }
    svg {
      width: 100%;
      height: 100%;
      display: block;
      overflow: visible;
    }
    .area {
      fill: var(--spark-color, var(--mat-sys-primary));
      opacity: 0.18;
    }
    .line {
      fill: none;
      stroke: var(--spark-color, var(--mat-sys-primary));
      stroke-width: 2;
      vector-effect: non-scaling-stroke;
      stroke-linejoin: round;
    }
    .empty {
      height: 100%;
      display: grid;
      place-items: center;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
  `,
})
export class Sparkline {
  readonly values = input.required<readonly (number | null)[]>();
  readonly label = input('history');
  readonly emptyText = input('no history yet');
  /** Fixed top of the scale (e.g. 100 for percent); default: the largest value. */
  readonly max = input<number | null>(null);
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;

  protected readonly shape = computed(() => {
    const values = this.values();
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (known.length < 2) return null;
    const top = this.max() ?? Math.max(...known);
    const bottom = Math.min(0, ...known);
    const span = top - bottom || 1;
    const step = WIDTH / (values.length - 1);
    const y = (v: number) => HEIGHT - ((v - bottom) / span) * HEIGHT;
    let line = '';
    let area = '';
    let segmentStart: number | null = null;
    values.forEach((value, index) => {
      const x = +(index * step).toFixed(2);
      if (value === null || !Number.isFinite(value)) {
        if (segmentStart !== null) area += `L${+((index - 1) * step).toFixed(2)},${HEIGHT}Z`;
        segmentStart = null;
        return;
      }
      const py = +y(value).toFixed(2);
      if (segmentStart === null) {
        line += `M${x},${py}`;
        area += `M${x},${HEIGHT}L${x},${py}`;
        segmentStart = index;
      } else {
        line += `L${x},${py}`;
        area += `L${x},${py}`;
      }
    });
    if (segmentStart !== null) area += `L${+((values.length - 1) * step).toFixed(2)},${HEIGHT}Z`;
    return { line, area };
  });
}
