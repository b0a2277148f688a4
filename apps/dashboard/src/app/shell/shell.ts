import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterOutlet } from '@angular/router';
import { FleetMode } from '../core/fleet-mode';
import { Theme } from '../core/theme';

@Component({
  selector: 'app-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatToolbarModule, MatButtonModule, MatIconModule, MatTooltipModule, RouterLink, RouterOutlet],
  template: `
    <mat-toolbar class="toolbar">
      <span class="brand">ipfs-kit</span>
      <span class="subtitle">storage services</span>
      <span class="spacer"></span>
      <a mat-button routerLink="/">Services</a>
      @if (fleet.enabled()) {
        <a mat-button routerLink="/fleet" data-testid="nav-fleet" [class.lost]="fleet.disconnected()">
          Fleet{{ fleet.disconnected() ? ' (no NATS)' : '' }}
        </a>
      }
      <a mat-button routerLink="/alerts" data-testid="nav-alerts">Alerts</a>
      <a mat-button href="/api/docs" target="_blank" rel="noopener">API docs</a>
      <button
        mat-icon-button
        type="button"
        (click)="theme.toggle()"
        [matTooltip]="theme.isDark() ? 'Light mode' : 'Dark mode'"
        [attr.aria-label]="theme.isDark() ? 'Switch to light mode' : 'Switch to dark mode'"
        data-testid="theme-toggle"
      >
        {{ theme.isDark() ? '☀' : '☾' }}
      </button>
    </mat-toolbar>
    <main class="content"><router-outlet /></main>
  `,
  styles: `
    .toolbar {
      position: sticky;
      top: 0;
      z-index: 2;
      gap: 12px;
    }
    .brand {
      font-weight: 600;
    }
    .subtitle {
      opacity: 0.7;
      font-size: 14px;
    }
    .spacer {
      flex: 1;
    }
    .lost {
      color: var(--mat-sys-error);
    }
    /* A phone: the links keep their place, the subtitle and the gaps give way. */
    @media (max-width: 520px) {
      .toolbar {
        gap: 0;
        padding: 0 8px;
      }
      .subtitle {
        display: none;
      }
      .toolbar a {
        min-width: 0;
        padding: 0 8px;
      }
    }
    .content {
      padding: 16px;
      max-width: 1400px;
      margin: 0 auto;
    }
  `,
})
export class Shell {
  protected readonly theme = inject(Theme);
  protected readonly fleet = inject(FleetMode);

  constructor() {
    this.fleet.start();
  }
}
