import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CONNECTED, healthOf } from '../test-support/fleet.fixture';
import { FakeIpfsKitApi, provideFakeApi } from '../test-support/fake-ipfs-kit-api.stub';
import { Shell } from './shell';

describe(Shell.name, () => {
  beforeEach(() => localStorage.clear());

  async function render(api = new FakeIpfsKitApi()) {
    TestBed.configureTestingModule({ imports: [Shell], providers: [provideRouter([]), provideFakeApi(api)] });
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('links the fleet page only when the health says the node is in a fleet, and says when NATS is lost', async () => {
    expect((await render()).querySelector('[data-testid="nav-fleet"]')).toBeNull();
    TestBed.resetTestingModule();
    const api = new FakeIpfsKitApi();
    api.health.mockResolvedValue(
      healthOf({ ...CONNECTED, connected: false, state: 'disconnected', disconnected_since: '2026-01-01T00:00:00Z' }),
    );
    const link = (await render(api)).querySelector('[data-testid="nav-fleet"]');
    expect(link?.getAttribute('href')).toBe('/fleet');
    expect(link?.textContent).toContain('Fleet (no NATS)');
  });

  it('shows the product name, a link to the API docs and a working theme toggle', async () => {
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [provideRouter([]), provideFakeApi(new FakeIpfsKitApi())],
    });
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('.brand')?.textContent).toContain('ipfs-kit');
    expect(element.querySelector('a[href="/api/docs"]')).not.toBeNull();

    const toggle = element.querySelector<HTMLButtonElement>('[data-testid="theme-toggle"]');
    toggle?.click();
    await fixture.whenStable();
    expect(document.documentElement.style.colorScheme).toBe('dark');
    expect(toggle?.getAttribute('aria-label')).toBe('Switch to light mode');
  });
});
