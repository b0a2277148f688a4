import { ChangeDetectionStrategy, Component, inject, signal, type OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AlertHistoryEntryDto, ChannelDto, MaintenanceWindowDto, RuleDto } from '@ipfs-kit/sdk';
import { AlertChannelsPanel } from './alert-channels-panel';
import { AlertRulesPanel } from './alert-rules-panel';
import { AlertsApi } from './alerts-api';
import { FiringAlerts } from './firing-alerts';
import { MaintenancePanel } from './maintenance-panel';

/** The alerts page: what fires now, channels (with a test button), rules, maintenance windows and the history. */
@Component({
  selector: 'app-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, FiringAlerts, AlertChannelsPanel, AlertRulesPanel, MaintenancePanel],
  template: `
    <section class="top">
      <h1>Alerts</h1>
      <button mat-stroked-button type="button" (click)="load()">Refresh</button>
    </section>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    <app-firing-alerts />
    <app-alert-channels-panel [channels]="channels()" [types]="channelTypes()" (changed)="load()" />
    <app-alert-rules-panel [rules]="rules()" [conditions]="conditions()" [channelNames]="channelNames()" (changed)="load()" />
    <app-maintenance-panel [windows]="windows()" (changed)="load()" />
    <h2>History</h2>
    <table class="list" data-testid="alert-history">
      <thead><tr><th>at</th><th>service</th><th>rule</th><th>status</th><th>message</th><th>deliveries</th></tr></thead>
      <tbody>
        @for (entry of history(); track entry.dedupe_key) {
          <tr>
            <td>{{ entry.at }}</td>
            <td>{{ entry.service }}</td>
            <td>{{ entry.rule }}</td>
            <td [class.firing]="entry.status === 'firing'">{{ entry.status }}</td>
            <td>{{ entry.message }}</td>
            <td>
              @for (delivery of entry.deliveries; track delivery.channel) {
                <div [title]="delivery.last_error ?? ''">
                  {{ delivery.channel }}: {{ delivery.state }}{{ delivery.attempts > 1 ? ' after ' + delivery.attempts + ' attempts' : '' }}
                </div>
              }
            </td>
          </tr>
        } @empty {
          <tr><td colspan="6">No alerts so far.</td></tr>
        }
      </tbody>
    </table>
  `,
  styleUrls: ['./alerts-tables.css', './alerts-page.scss'],
})
export class AlertsPage implements OnInit {
  private readonly api = inject(AlertsApi);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly channels = signal<ChannelDto[]>([]);
  protected readonly channelTypes = signal<string[]>([]);
  protected readonly channelNames = signal<string[]>([]);
  protected readonly rules = signal<RuleDto[]>([]);
  protected readonly conditions = signal<string[]>([]);
  protected readonly windows = signal<MaintenanceWindowDto[]>([]);
  protected readonly history = signal<AlertHistoryEntryDto[]>([]);

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      const [channels, rules, windows, history] = await Promise.all([this.api.channels(), this.api.rules(), this.api.windows(), this.api.history()]);
      this.channels.set(channels.channels);
      this.channelTypes.set(channels.types);
      this.channelNames.set(channels.channels.map((channel) => channel.name));
      this.rules.set(rules.rules);
      this.conditions.set(rules.conditions);
      this.windows.set(windows.windows);
      this.history.set(history.alerts);
      this.error.set(null);
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
    } finally {
      this.loading.set(false);
    }
  }
}
