import { TestBed } from '@angular/core/testing';
import { StatusSummary } from './status-summary';

describe(StatusSummary.name, () => {
  async function render(inputs: Record<string, unknown>) {
    TestBed.configureTestingModule({ imports: [StatusSummary] });
    const fixture = TestBed.createComponent(StatusSummary);
    for (const [key, value] of Object.entries(inputs)) fixture.componentRef.setInput(key, value);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the page heading, both chips, the maintenance window and the reason with its code', async () => {
    const element = await render({
      service: { name: 'sales', type: 'parquet', supported: true, status: 'error', health: 'unhealthy' },
      heading: 'page',
      error: { code: 'not_found', message: 'folder *** is gone' },
      maintenance: { window: 'night', until: '2026-01-01T06:00:00Z', reason: 'disk swap' },
      showCode: true,
    });
    expect(element.querySelector('h1')?.textContent).toBe('sales');
    expect(element.querySelector('[data-testid="status"] .chip')?.getAttribute('data-value')).toBe('error');
    expect(element.querySelector('[data-testid="health"] .chip')?.getAttribute('data-value')).toBe('unhealthy');
    expect(element.querySelector('[data-testid="maintenance"]')?.textContent).toContain('disk swap');
    expect(element.querySelector('[data-testid="reason"]')?.textContent?.trim()).toBe('not_found: folder *** is gone');
  });

  it('on a card: an h3, "(no driver)" for an unsupported type, the message alone, nothing when all is well', async () => {
    const element = await render({
      service: { name: 'old', type: 'lotus', supported: false, status: 'stopped', health: 'unknown' },
      error: { code: 'unsupported', message: 'no driver' },
    });
    expect(element.querySelector('h3')?.textContent).toBe('old');
    expect(element.querySelector('.type')?.textContent).toBe('lotus (no driver)');
    expect(element.querySelector('[data-testid="reason"]')?.textContent?.trim()).toBe('no driver');
    expect(element.querySelector('[data-testid="maintenance"]')).toBeNull();
  });
});
