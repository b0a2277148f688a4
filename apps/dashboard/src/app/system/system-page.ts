import { ChangeDetectionStrategy, Component, signal, type OnInit } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';

interface SystemHealth {
  status: string;
  [key: string]: unknown;
}

/** The landing page until the services pages land: the API's own health. */
@Component({
  selector: 'app-system-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, MatProgressBarModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title>System health</mat-card-title></mat-card-header>
      <mat-card-content>
        @if (loading()) {
          <mat-progress-bar mode="indeterminate" />
        } @else if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        } @else {
          <p data-testid="system-status">API status: <strong>{{ health()?.status }}</strong></p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `.error { color: var(--mat-sys-error); }`,
})
export class SystemPage implements OnInit {
  protected readonly loading = signal(true);
  protected readonly health = signal<SystemHealth | null>(null);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      const response = await fetch('/api/system/health');
      if (!response.ok) throw new Error(`the API answered ${response.status}`);
      this.health.set((await response.json()) as SystemHealth);
    } catch (error) {
      this.error.set(`Cannot reach the API: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.loading.set(false);
    }
  }
}
