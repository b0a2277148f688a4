import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import { LiveEvents } from '../core/live-events';
import { FakeIpfsKitApi, provideFakeApi, summary } from '../testing/fake-ipfs-kit-api.stub';
import { ServicesPage } from './services-page';

describe(ServicesPage.name, () => {
  let api: FakeIpfsKitApi;
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(() => (api = new FakeIpfsKitApi()));

  async function render() {
    TestBed.configureTestingModule({ imports: [ServicesPage], providers: [provideFakeApi(api)] });
    const fixture = TestBed.createComponent(ServicesPage);
    await settle(fixture);
    return fixture;
  }

  it('explains the empty state and offers to add a service', async () => {
    const fixture = await render();
    const empty = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="empty-state"]');
    expect(empty?.textContent).toContain('No services yet');
    expect(empty?.querySelector('button')?.textContent).toContain('Add service');
  });

  it('shows a card per service and follows status events from the live stream', async () => {
    api.services = [
      summary('sales'),
      summary('archive', { status: 'stopped', health: 'unknown', desired_state: 'stopped' }),
    ];
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelectorAll('app-service-card')).toHaveLength(2);
    expect(element.querySelector('[data-testid="summary"]')?.textContent).toContain(
      '2 configured · 1 running · 1 healthy',
    );

    TestBed.inject(LiveEvents).dispatch({ type: 'status', service: 'archive', status: 'error', health: 'unhealthy' });
    await settle(fixture);
    expect(
      element.querySelector('[data-service="archive"] [data-testid="status"] .chip')?.getAttribute('data-value'),
    ).toBe('error');
  });

  it('shows services added together from the live stream, even when an older list answer arrives last', async () => {
    api.services = [summary('sales')];
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;
    const events = TestBed.inject(LiveEvents);

    // The first reload answers late, with the list as it was after the first add only.
    let releaseFirst!: () => void;
    const firstAnswer = { services: ['sales', 'tables'], available_types: [], details: [summary('sales'), summary('tables')] };
    api.listServices.mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = () => resolve(firstAnswer))));
    api.services = [summary('sales'), summary('tables'), summary('archive', { status: 'error', health: 'unhealthy' })];

    // Three events in one turn: both adds and the second service's first status change.
    events.dispatch({ type: 'service_added', service: 'tables' });
    events.dispatch({ type: 'service_added', service: 'archive' });
    events.dispatch({ type: 'status', service: 'archive', status: 'error', health: 'unhealthy' });
    await settle(fixture);
    releaseFirst();
    await settle(fixture);

    const names = [...element.querySelectorAll('app-service-card [data-service]')].map((card) => card.getAttribute('data-service'));
    expect(names).toEqual(['sales', 'tables', 'archive']);
  });

  it('removes a service only after confirmation, and shows the API error when an action fails', async () => {
    api.services = [summary('sales')];
    const fixture = await render();
    const dialog = TestBed.inject(MatDialog);
    const open = jest.spyOn(dialog, 'open').mockReturnValueOnce({ afterClosed: () => of(false) } as never);
    const element: HTMLElement = fixture.nativeElement;

    element.querySelector<HTMLButtonElement>('[data-action="remove"]')?.click();
    await settle(fixture);
    expect(api.remove).not.toHaveBeenCalled();

    open.mockReturnValueOnce({ afterClosed: () => of(true) } as never);
    element.querySelector<HTMLButtonElement>('[data-action="remove"]')?.click();
    await settle(fixture);
    expect(api.remove).toHaveBeenCalledWith('sales');
    expect(element.querySelectorAll('app-service-card')).toHaveLength(0);
  });

  it('shows the API message in a snackbar when an action fails', async () => {
    api.services = [summary('sales')];
    api.act.mockRejectedValue(new Error('Service "sales" cannot start: folder /data does not exist'));
    const fixture = await render();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-action="restart"]')?.click();
    await settle(fixture);
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain('folder /data does not exist');
  });
});
