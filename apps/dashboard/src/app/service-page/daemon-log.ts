import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { IpfsKitApi } from '../core/ipfs-kit-api';

/** Lines kept on screen. */
const KEPT_LINES = 500;
/** How often new lines are asked for. */
const FOLLOW_EVERY_MS = 3_000;

/** A supervised daemon's recent log lines (secrets masked by the API), following new lines by polling. */
@Component({
  selector: 'app-daemon-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (reason(); as why) {
      <p class="muted">{{ why }}</p>
    }
    <pre class="log" tabindex="0" aria-label="Daemon log" data-testid="daemon-log">{{
      lines().join(
        '
'
      )
    }}</pre>
  `,
  styles: `
    .log {
      max-height: 320px;
      overflow: auto;
      margin: 0;
      padding: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      font:
        12px/1.4 ui-monospace,
        monospace;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .muted {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DaemonLog {
  private readonly api = inject(IpfsKitApi);
  readonly service = input.required<string>();
  protected readonly lines = signal<string[]>([]);
  protected readonly reason = signal<string | null>(null);
  private offset: number | undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      const name = this.service();
      untracked(() => {
        this.offset = undefined;
        this.lines.set([]);
        void this.poll(name);
      });
    });
    inject(DestroyRef).onDestroy(() => this.timer && clearTimeout(this.timer));
  }

  private async poll(name: string): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    try {
      const answer = await this.api.logs(name, this.offset);
      if (name !== this.service()) return;
      this.offset = answer.next_offset;
      this.reason.set(answer.reason);
      if (answer.lines.length) this.lines.update((lines) => [...lines, ...answer.lines].slice(-KEPT_LINES));
    } catch (error) {
      this.reason.set(error instanceof Error ? error.message : String(error));
    }
    this.timer = setTimeout(() => void this.poll(name), FOLLOW_EVERY_MS);
  }
}
