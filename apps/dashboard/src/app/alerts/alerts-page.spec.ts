import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AlertHistoryEntryDto, AlertStatusDto, ChannelDto, RuleDto } from '@ipfs-kit/sdk';
import { Notifier } from '../core/notifier';
import { AlertsApi } from './alerts-api';
import { AlertsPage } from './alerts-page';

const channel: ChannelDto = { name: 'ops', type: 'webhook', config: { url: 'https://hooks.example.org/x' }, secrets: { secret: 'set' }, updated_at: '2026-01-01T00:00:00.000Z' };
const rule: RuleDto = {
  name: 'lake-down',
  condition: 'down',
  services: ['lake'],
  types: [],
  channels: ['ops'],
  threshold: null,
  failures: 3,
  repeat_interval_s: 0,
  send_resolved: true,
  enabled: true,
  quorum: null,
};
const entry: AlertHistoryEntryDto = {
  dedupe_key: 'k1',
  alert_id: 'lake-down/lake/2026-01-01T00:00:00.000Z',
  service: 'lake',
  service_type: 'parquet',
  rule: 'lake-down',
  condition: 'down',
  event: 'down',
  status: 'firing',
  started_at: '2026-01-01T00:00:00.000Z',
  resolved_at: null,
  at: '2026-01-01T00:00:00.000Z',
  sequence: 0,
  value: 3,
  message: "parquet service 'lake' down: 3 failed checks in a row",
  deliveries: [{ channel: 'ops', state: 'pending', attempts: 2, last_error: 'HTTP 503', next_attempt_at: '2026-01-01T00:00:04.000Z', delivered_at: null }],
};
const status: AlertStatusDto = {
  firing: [{ alert_id: entry.alert_id, rule: 'lake-down', condition: 'down', service: 'lake', service_type: 'parquet', started_at: entry.started_at, last_sent_at: entry.at, value: 3, message: 'down: 3 failed checks in a row' }],
  maintenance: [{ service: 'tables', window: 'disk-swap', until: '2026-01-01T02:00:00.000Z' }],
  pending_deliveries: 1,
};

describe(AlertsPage.name, () => {
  const api = {
    status: jest.fn(async () => status),
    history: jest.fn(async () => ({ alerts: [entry] })),
    channels: jest.fn(async () => ({ channels: [channel], types: ['webhook', 'email'] })),
    rules: jest.fn(async () => ({ rules: [rule], conditions: ['down', 'degraded'] })),
    windows: jest.fn(async () => ({ windows: [] })),
    testChannel: jest.fn(async () => ({ success: true, message: 'Test message accepted by ops', error: null })),
  };
  const notifier = { info: jest.fn(), error: jest.fn() };

  async function render() {
    TestBed.configureTestingModule({
      imports: [AlertsPage],
      providers: [
        provideRouter([]),
        { provide: AlertsApi, useValue: api },
        { provide: Notifier, useValue: notifier },
      ],
    });
    const fixture = TestBed.createComponent(AlertsPage);
    for (let i = 0; i < 3; i += 1) {
      fixture.detectChanges();
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
    }
    fixture.detectChanges();
    return fixture;
  }

  it('shows channels, rules, the history with delivery states, firing alerts and services in maintenance', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('[data-testid="alert-channels"]')?.textContent).toContain('secret: set');
    expect(element.querySelector('[data-testid="alert-rules"]')?.textContent).toContain('lake-down');
    expect(element.querySelector('[data-testid="alert-history"]')?.textContent).toContain('ops: pending after 2 attempts');
    expect(element.querySelector('[data-testid="firing-alerts"]')?.textContent).toContain('lake');
    expect(element.querySelector('[data-testid="maintenance"]')?.textContent).toContain('tables · maintenance (disk-swap)');
    fixture.destroy();
  });

  it('sends a test message from the channel row', async () => {
    const fixture = await render();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="test-ops"]')?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(api.testChannel).toHaveBeenCalledWith('ops');
    expect(notifier.info).toHaveBeenCalledWith('Test message accepted by ops');
    fixture.destroy();
  });
});
