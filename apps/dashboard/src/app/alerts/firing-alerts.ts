import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal, type OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { AlertStatusDto } from '@ipfs-kit/sdk';
import { debounceTime, filter } from 'rxjs';
import { LiveEvents } from '../core/live-events';
import { AlertsApi } from './alerts-api';

/** Alerts change with status transitions: read again a moment after a burst of them. */
const AFTER_STATUS_MS = 1_000;
/** And now and then for the rest (latency, quota, maintenance windows that start or end). */
const REFRESH_MS = 5 * 60_000;

/**
 * The alerts firing now and the services in maintenance: all of them, or one
 * service's when `service` is set. Self-contained (reads GET /api/alerts/status itself,
 * again after status events of the live stream and every 5 minutes), so the overview and
 * a service page can each place it; shows nothing when all is quiet.
 */
@Component({
  selector: 'app-firing-alerts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (firing().length > 0 || maintenance().length > 0) {
      <section class="firing" role="status" data-testid="firing-alerts">
        @for (alert of firing(); track alert.alert_id) {
          <p class="alert">
            <strong>🔔 {{ alert.service }}</strong> · {{ alert.rule }} · {{ alert.message }}
            <span class="since">since {{ alert.started_at }}</span>
          </p>
        }
        @for (item of maintenance(); track item.service) {
          <p class="maintenance" data-testid="maintenance">
            <strong>🛠 {{ item.service }}</strong> · maintenance ({{ item.window }}) until {{ item.until }}
          </p>
        }
        <a routerLink="/alerts">Alerts</a>
      </section>
    }
  `,
  styles: `
    .firing {
      border-left: 4px solid var(--mat-sys-error, #b3261e);
      padding: 8px 12px;
      background: var(--mat-sys-error-container, #f9dedc);
      color: var(--mat-sys-on-error-container, #410e0b);
      border-radius: 4px;
    }
    p {
      margin: 4px 0;
    }
    .maintenance strong {
      color: inherit;
    }
    .since {
      opacity: 0.8;
      font-size: 12px;
    }
  `,
})
export class FiringAlerts implements OnInit {
  readonly service = input<string | null>(null);
  private readonly api = inject(AlertsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly status = signal<AlertStatusDto | null>(null);

  protected readonly firing = computed(() => (this.status()?.firing ?? []).filter((alert) => !this.service() || alert.service === this.service()));
  protected readonly maintenance = computed(() =>
    (this.status()?.maintenance ?? []).filter((item) => !this.service() || item.service === this.service()),
  );

  constructor() {
    inject(LiveEvents)
      .events.pipe(
        filter((event) => event.type === 'status'),
        debounceTime(AFTER_STATUS_MS),
        takeUntilDestroyed(),
      )
      .subscribe(() => void this.load());
  }

  ngOnInit(): void {
    void this.load();
    const timer = setInterval(() => void this.load(), REFRESH_MS);
    this.destroyRef.onDestroy(() => clearInterval(timer));
  }

  private async load(): Promise<void> {
    try {
      this.status.set(await this.api.status());
    } catch {
      // The banner is a hint: an unreachable API shows on the page itself.
    }
  }
}
