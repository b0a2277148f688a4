import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Shell } from './shell';

describe(Shell.name, () => {
  beforeEach(() => localStorage.clear());

  it('shows the product name, a link to the API docs and a working theme toggle', async () => {
    TestBed.configureTestingModule({ imports: [Shell], providers: [provideRouter([])] });
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
