import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FleetMode } from '../core/fleet-mode';
import { LiveEvents } from '../core/live-events';
import { CONNECTED, fleetNode, fleetRow } from '../test-support/fleet.fixture';
import { FakeIpfsKitApi, overviewRow, provideFakeApi } from '../test-support/fake-ipfs-kit-api.stub';
import { OverviewPage } from './overview-page';

describe(OverviewPage.name, () => {
  let api: FakeIpfsKitApi;
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(() => {
    localStorage.clear();
    api = new FakeIpfsKitApi();
  });

  async function render() {
    TestBed.configureTestingModule({ imports: [OverviewPage], providers: [provideFakeApi(api), provideRouter([])] });
    const fixture = TestBed.createComponent(OverviewPage);
    await settle(fixture);
    return fixture;
  }

  it('says it is loading, never "No services yet", while the first answer is pending', async () => {
    let release!: () => void;
    api.overview.mockImplementationOnce(
      () =>
        new Promise(
          (resolve) =>
            (release = () =>
              resolve({
                generated_at: '',
                available_types: [],
                counts: { total: 0, by_status: {}, by_health: {}, by_type: {} },
                services: [],
              })),
        ),
    );
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('[data-testid="loading"]')).not.toBeNull();
    expect(element.textContent).not.toContain('No services yet');
    expect(element.querySelector('[data-testid="summary"]')?.textContent).toContain('Loading services');
    release();
    await settle(fixture);
    expect(element.querySelector('[data-testid="empty-state"]')?.textContent).toContain('No services yet');
  });

  it('shows many services in a table from one request and applies status and probe events to their rows', async () => {
    api.rows = Array.from({ length: 40 }, (_, i) =>
      overviewRow(`svc-${String(i).padStart(3, '0')}`, { type: i % 2 ? 's3' : 'parquet' }),
    );
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    expect(api.overview).toHaveBeenCalledTimes(1);
    expect(element.querySelectorAll('tr[data-row]')).toHaveLength(25); // the first page
    expect(element.querySelector('[data-testid="summary"]')?.textContent).toContain(
      '40 configured · 40 running · 40 healthy',
    );

    const events = TestBed.inject(LiveEvents);
    events.dispatch({
      type: 'status',
      service: 'svc-007',
      status: 'error',
      health: 'unhealthy',
      error: { code: 'unreachable', message: 'connection refused' },
    });
    events.dispatch({
      type: 'probe',
      service: 'svc-007',
      at: '2026-01-01T00:00:00Z',
      ok: false,
      latency_ms: null,
      error: { code: 'unreachable' },
    });
    await settle(fixture);
    const row = element.querySelector('tr[data-row="svc-007"]');
    expect(row?.querySelector('[data-testid="status"] .chip')?.getAttribute('data-value')).toBe('error');
    expect(row?.textContent).toContain('connection refused');
    expect(row?.querySelector('app-check-bar [role="img"]')?.getAttribute('aria-label')).toBe(
      'Last 1 checks: 0 up, 1 down',
    );
    expect(api.overview).toHaveBeenCalledTimes(1);
    expect(api.status).not.toHaveBeenCalled();
  });

  it('shows a service in a maintenance window as such on its row', async () => {
    const until = '2026-12-05T00:00:00.000Z';
    api.rows = [
      overviewRow('quiet', { maintenance: { window: 'disk-swap', until, reason: 'disk swap' } }),
      ...Array.from({ length: 30 }, (_, i) => overviewRow(`svc-${String(i).padStart(3, '0')}`)),
    ];
    const element: HTMLElement = (await render()).nativeElement;
    const marks = element.querySelectorAll('[data-testid="maintenance"]');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe(`Maintenance until ${until}: disk swap`);
    expect(marks[0].closest('tr')?.textContent).toContain('quiet');
  });

  it('fetches only the new service on service_added and drops a removed one', async () => {
    api.rows = Array.from({ length: 20 }, (_, i) => overviewRow(`svc-${i}`));
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    const events = TestBed.inject(LiveEvents);
    events.dispatch({ type: 'service_added', service: 'fresh' });
    events.dispatch({ type: 'service_removed', service: 'svc-3' });
    await settle(fixture);
    expect(api.status).toHaveBeenCalledWith('fresh');
    expect(element.querySelector('tr[data-row="fresh"]')).not.toBeNull();
    expect(element.querySelector('tr[data-row="svc-3"]')).toBeNull();
    expect(api.overview).toHaveBeenCalledTimes(1);
  });

  it('shows a handful of services as cards', async () => {
    api.services = [];
    api.rows = [
      overviewRow('sales'),
      overviewRow('archive', { status: 'stopped', health: 'unknown', desired_state: 'stopped' }),
    ];
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelectorAll('app-service-card')).toHaveLength(2);
  });

  it('has no "this node / the fleet" switch on a standalone node', async () => {
    api.rows = [overviewRow('sales')];
    const element: HTMLElement = (await render()).nativeElement;
    expect(element.querySelector('[data-testid="scope"]')).toBeNull();
    expect(api.fleetServices).not.toHaveBeenCalled();
  });

  it('switches between this node and the fleet on a node in a fleet', async () => {
    api.rows = [overviewRow('sales')];
    api.fleetNodes.mockResolvedValue({ fleet: CONNECTED, nodes: [fleetNode('paris'), fleetNode('berlin')] });
    api.fleetServices.mockResolvedValue({
      fleet: CONNECTED,
      total: 3,
      services: [
        fleetRow('sales', 'paris'),
        fleetRow('shared', 'paris', { fleet_status: 'partially_down' }),
        fleetRow('shared', 'berlin', { fleet_status: 'partially_down', status: 'error', health: 'unhealthy' }),
      ],
    });
    TestBed.configureTestingModule({ imports: [OverviewPage], providers: [provideFakeApi(api), provideRouter([])] });
    TestBed.inject(FleetMode).note(CONNECTED);
    const fixture = TestBed.createComponent(OverviewPage);
    await settle(fixture);
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('tr[data-row="sales"], app-service-card')).not.toBeNull();
    element.querySelector<HTMLElement>('[data-testid="scope-fleet"] button')?.click();
    await settle(fixture);
    await settle(fixture);
    expect(element.querySelector('tr[data-service="shared"] [data-testid="fleet-state"]')?.textContent?.trim()).toBe(
      'partially down',
    );
    expect(element.querySelector('app-service-card')).toBeNull();
    expect(localStorage.getItem('ipfs-kit.overview-scope')).toBe('fleet');
    element.querySelector<HTMLElement>('[data-testid="scope-node"] button')?.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="fleet-services-table"]')).toBeNull();
    expect(element.querySelector('[data-testid="summary"]')?.textContent).toContain('1 configured');
  });
});
