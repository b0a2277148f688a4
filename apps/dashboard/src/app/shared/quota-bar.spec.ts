import { TestBed } from '@angular/core/testing';
import { QuotaBar } from './quota-bar';

describe(QuotaBar.name, () => {
  async function render(used: number | null | undefined, total: number | null | undefined) {
    TestBed.configureTestingModule({ imports: [QuotaBar] });
    const fixture = TestBed.createComponent(QuotaBar);
    fixture.componentRef.setInput('used', used);
    fixture.componentRef.setInput('total', total);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the share used with its percentage as the label, red only above 90 %', async () => {
    const half = await render(512, 1024);
    expect(half.querySelector('.bar[role="img"]')?.getAttribute('aria-label')).toBe('50.0 % of the quota used');
    expect(half.querySelector<HTMLElement>('.fill')?.style.width).toBe('50%');
    expect(half.querySelector('.fill')?.classList).not.toContain('high');

    TestBed.resetTestingModule();
    const full = await render(95, 100);
    expect(full.querySelector('.fill')?.classList).toContain('high');
    TestBed.resetTestingModule();
    const edge = await render(90, 100);
    expect(edge.querySelector('.fill')?.classList).not.toContain('high');
  });

  it('caps at 100 % and shows nothing while a number is unknown or the quota is not positive', async () => {
    const over = await render(300, 100);
    expect(over.querySelector<HTMLElement>('.fill')?.style.width).toBe('100%');
    expect(over.querySelector('.bar')?.getAttribute('aria-label')).toBe('100.0 % of the quota used');
    for (const [used, total] of [
      [null, 100],
      [50, null],
      [50, undefined],
      [50, 0],
      [0, 100],
    ] as const) {
      TestBed.resetTestingModule();
      expect((await render(used, total)).querySelector('.bar')).toBeNull();
    }
  });
});
