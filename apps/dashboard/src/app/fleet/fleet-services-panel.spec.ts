import { TestBed } from '@angular/core/testing';
import type { FleetNodeDto, FleetServiceDto } from '@ipfs-kit/sdk';
import { fleetNode, fleetRow } from '../test-support/fleet.fixture';
import { FleetServicesPanel } from './fleet-services-panel';

describe(FleetServicesPanel.name, () => {
  const nodes = [fleetNode('paris'), fleetNode('berlin'), fleetNode('madrid', { online: false })];
  const rows = [
    fleetRow('shared', 'paris', { fleet_status: 'partially_down' }),
    fleetRow('shared', 'berlin', {
      fleet_status: 'partially_down',
      status: 'error',
      health: 'unhealthy',
      error: { code: 'unreachable', message: 'folder /data/missing does not exist' },
    }),
    fleetRow('shared', 'madrid', { fleet_status: 'partially_down', node_online: false }),
    fleetRow('solo', 'paris', { type: 's3' }),
    ...Array.from({ length: 30 }, (_, i) => fleetRow(`zz-${String(i).padStart(2, '0')}`, 'berlin')),
  ];

  async function render(shown: FleetServiceDto[] = rows, known: FleetNodeDto[] = nodes) {
    TestBed.configureTestingModule({ imports: [FleetServicesPanel] });
    const fixture = TestBed.createComponent(FleetServicesPanel);
    fixture.componentRef.setInput('rows', shown);
    fixture.componentRef.setInput('nodes', known);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const line = (element: HTMLElement, name: string) => element.querySelector<HTMLElement>(`tr[data-service="${name}"]`);

  it('shows a service watched by several nodes as partially down, with each node result and reason', async () => {
    const { element } = await render();
    const shared = line(element, 'shared');
    expect(shared?.querySelector('[data-testid="fleet-state"]')?.textContent?.trim()).toBe('partially down');
    expect(shared?.textContent).toContain('3 nodes');
    const results = [...(shared?.querySelectorAll<HTMLElement>('li[data-node]') ?? [])];
    expect(results.map((li) => li.dataset['node'])).toEqual(['berlin', 'madrid', 'paris']);
    const berlin = results[0];
    expect(berlin.querySelector('[data-testid="node-status"]')?.textContent?.trim()).toBe('error');
    expect(berlin.querySelector('[data-testid="node-health"]')?.textContent?.trim()).toBe('unhealthy');
    expect(berlin.querySelector('[data-testid="node-reason"]')?.textContent).toContain('does not exist');
    expect(results[1].textContent).toContain('offline, as last seen');
    expect(results[2].querySelector('[data-testid="node-reason"]')).toBeNull();
    expect(line(element, 'solo')?.querySelector('[data-testid="fleet-state"]')?.textContent?.trim()).toBe('up');
    expect(element.querySelector('[data-testid="fleet-services-summary"]')?.textContent).toMatch(
      /32 services on 3 nodes · 31 up\s*· 1 partially down/,
    );
  });

  it('pages the services 25 at a time', async () => {
    const { element } = await render();
    expect(element.querySelectorAll('tr[data-service]')).toHaveLength(25);
  });

  it('filters by search: only the matching node results stay, the service keeps its fleet state', async () => {
    const { fixture, element } = await render();
    const search = element.querySelector<HTMLInputElement>('[data-testid="fleet-search"]');
    if (!search) throw new Error('no search field');
    search.value = 'missing';
    search.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect([...element.querySelectorAll<HTMLElement>('tr[data-service]')].map((tr) => tr.dataset['service'])).toEqual([
      'shared',
    ]);
    const shared = line(element, 'shared');
    expect([...(shared?.querySelectorAll<HTMLElement>('li[data-node]') ?? [])].map((li) => li.dataset['node'])).toEqual(
      ['berlin'],
    );
    expect(shared?.querySelector('[data-testid="fleet-state"]')?.textContent?.trim()).toBe('partially down');
    expect(element.textContent).toContain('1 of 32 shown');
  });

  it('says so when no node has a service', async () => {
    const { element } = await render([], nodes);
    expect(element.querySelector('[data-testid="fleet-no-services"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="fleet-services-table"]')).toBeNull();
  });
});
