import { TestBed } from '@angular/core/testing';
import { FakeIpfsKitApi, provideFakeApi, summary } from '../test-support/fake-ipfs-kit-api.stub';
import { ServiceCard } from './service-card';

describe(ServiceCard.name, () => {
  let api: FakeIpfsKitApi;

  async function render() {
    TestBed.configureTestingModule({ imports: [ServiceCard], providers: [provideFakeApi(api)] });
    const fixture = TestBed.createComponent(ServiceCard);
    fixture.componentRef.setInput('service', summary('sales', { status: 'running', health: 'degraded' }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return fixture;
  }

  beforeEach(() => (api = new FakeIpfsKitApi()));

  it('shows status and health chips, humanized bytes, and "unknown" with its reason for null values', async () => {
    const fixture = await render();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('[data-testid="status"] .chip')?.getAttribute('data-value')).toBe('running');
    expect(element.querySelector('[data-testid="health"] .chip')?.className).toContain('tone-warn');
    expect(element.querySelector('[data-metric="used"]')?.textContent).toContain('1.5 KB');
    expect(element.querySelector('[data-metric="objects"]')?.textContent).toContain('3');
    const quota = element.querySelector('[data-metric="quota"] .unknown');
    expect(quota?.textContent).toBe('unknown');
    const card = fixture.componentInstance as unknown as { reason(part: 'quota', key: string): string | null };
    expect(card.reason('quota', 'total')).toBe('no quota_bytes declared');
    expect(element.querySelector('[data-metric="quota"]')?.textContent).not.toContain('0 B');
    expect(element.querySelector('app-sparkline path.line')?.getAttribute('d')).toMatch(/^M0,/);
    expect(api.storage).toHaveBeenCalledWith('sales');
  });

  it('tells its actions to the page', async () => {
    const fixture = await render();
    const actions: string[] = [];
    fixture.componentInstance.action.subscribe((event) => actions.push(`${event.name}:${event.action}`));
    fixture.componentInstance.remove.subscribe((name) => actions.push(`remove:${name}`));
    const element: HTMLElement = fixture.nativeElement;

    element.querySelector<HTMLButtonElement>('[data-action="restart"]')?.click();
    element.querySelector<HTMLButtonElement>('[data-action="remove"]')?.click();
    expect(actions).toEqual(['sales:restart', 'remove:sales']);
  });

  it('shows an API failure as the reason a value is unknown', async () => {
    api.storage.mockRejectedValue(new Error('Service "sales" is not running'));
    const fixture = await render();
    const card = fixture.componentInstance as unknown as { reason(part: 'storage', key: string): string | null };
    expect(card.reason('storage', 'used')).toBe('Service "sales" is not running');
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-metric="used"]')?.textContent).toContain(
      'unknown',
    );
  });
});
