import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeIpfsKitApi, provideFakeApi } from '../test-support/fake-ipfs-kit-api.stub';
import { CONNECTED, fleetNode, fleetRow } from '../test-support/fleet.fixture';
import { FleetPage } from './fleet-page';
import { FLEET_POLL_MAX_MS, FLEET_POLL_MIN_MS, pollDelayMs } from './fleet-store';

describe(FleetPage.name, () => {
  let api: FakeIpfsKitApi;
  const LOST = {
    ...CONNECTED,
    connected: false,
    state: 'disconnected' as const,
    message: 'NATS lost: running standalone (the local API, checks and store work as usual)',
    disconnected_since: '2026-01-01T10:00:00.000Z',
  };

  beforeEach(() => {
    api = new FakeIpfsKitApi();
    api.fleetNodes.mockResolvedValue({
      fleet: CONNECTED,
      nodes: [
        fleetNode('paris', {
          self: true,
          labels: ['eu', 'edge'],
          host: {
            cpu_percent: 12.4,
            memory_used_bytes: 2 * 1024 ** 3,
            memory_total_bytes: 8 * 1024 ** 3,
            disk_used_bytes: null,
            disk_total_bytes: null,
          },
          services: { total: 3, healthy: 2, degraded: 0, unhealthy: 1, unknown: 0 },
        }),
        fleetNode('berlin', { online: false, last_seen: new Date(Date.now() - 90_000).toISOString(), version: null }),
      ],
    });
    api.fleetServices.mockResolvedValue({ fleet: CONNECTED, total: 1, services: [fleetRow('sales', 'paris')] });
  });

  async function render() {
    TestBed.configureTestingModule({ imports: [FleetPage], providers: [provideFakeApi(api), provideRouter([])] });
    const fixture = TestBed.createComponent(FleetPage);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows each node with presence, last seen, version, host resources and services by health', async () => {
    const element = await render();
    expect(element.querySelector('[data-testid="fleet-summary"]')?.textContent).toContain('1 of 2 nodes online');
    const paris = element.querySelector('tr[data-node="paris"]');
    expect(paris?.textContent).toContain('this node');
    expect(paris?.textContent).toContain('eu, edge');
    expect(paris?.querySelector('[data-testid="presence"]')?.textContent?.trim()).toBe('online');
    expect(paris?.textContent).toContain('CPU 12 %');
    expect(paris?.textContent).toContain('Memory 2 GB of 8 GB');
    expect(paris?.textContent).toContain('Disk —');
    expect(paris?.querySelector('[data-testid="service-counts"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '3 total, 2 healthy, 1 unhealthy',
    );
    const berlin = element.querySelector('tr[data-node="berlin"]');
    expect(berlin?.querySelector('[data-testid="presence"]')?.textContent?.trim()).toBe('offline');
    expect(berlin?.textContent).toContain('1 min ago');
    expect(element.querySelector('tr[data-service="sales"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="fleet-disconnected"]')).toBeNull();
    // Two requests per read, whatever the number of rows.
    expect(api.fleetNodes).toHaveBeenCalledTimes(1);
    expect(api.fleetServices).toHaveBeenCalledTimes(1);
    expect(api.status).not.toHaveBeenCalled();
  });

  it('says when this node has lost NATS and works standalone', async () => {
    api.fleetServices.mockResolvedValue({ fleet: LOST, total: 0, services: [] });
    const element = await render();
    const banner = element.querySelector('[data-testid="fleet-disconnected"]');
    expect(banner?.textContent).toContain('This node has lost its connection to NATS since');
    expect(banner?.textContent).toContain('NATS lost: running standalone');
  });

  it('schedules the next read after a fleet answer; on a standalone node says so and reads no more', async () => {
    const timers = jest.spyOn(window, 'setTimeout');
    const polls = () => timers.mock.calls.filter(([, ms]) => ms === FLEET_POLL_MIN_MS).length;
    await render();
    expect(polls()).toBe(1);
    TestBed.resetTestingModule();
    timers.mockClear();
    api = new FakeIpfsKitApi(); // its fleet routes answer 409, as a standalone node's
    const element = await render();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('this node runs standalone');
    expect(polls()).toBe(0);
    timers.mockRestore();
  });

  it('reads again after a pause that grows with the list, within bounds', () => {
    expect(pollDelayMs(0)).toBe(FLEET_POLL_MIN_MS);
    expect(pollDelayMs(3_000)).toBe(30_000);
    expect(pollDelayMs(1_000_000)).toBe(FLEET_POLL_MAX_MS);
  });
});
