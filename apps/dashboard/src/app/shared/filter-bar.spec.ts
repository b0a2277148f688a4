import { TestBed } from '@angular/core/testing';
import { FilterBar, rowChoices, type FilterChoice } from './filter-bar';
import { NO_ROW_FILTER, type RowFilter } from './row-filter';

interface ZoneFilter extends RowFilter {
  zones: string[];
}

describe(FilterBar.name, () => {
  const choices: FilterChoice<ZoneFilter>[] = [
    { key: 'zones', label: 'Zone', testId: 'filter-zone', options: [{ value: 'z1', label: 'Zone one' }] },
    ...rowChoices<ZoneFilter>(['ipfs', 's3'], 'x-'),
  ];

  async function render(filter: ZoneFilter) {
    TestBed.configureTestingModule({ imports: [FilterBar] });
    const fixture = TestBed.createComponent(FilterBar<ZoneFilter>);
    const changes: ZoneFilter[] = [];
    fixture.componentRef.setInput('filter', filter);
    fixture.componentRef.setInput('choices', choices);
    fixture.componentRef.setInput('label', 'Search and filters');
    fixture.componentRef.setInput('searchTestId', 'x-search');
    fixture.componentInstance.filter.subscribe((value) => changes.push(value));
    await fixture.whenStable();
    return { fixture, changes, element: fixture.nativeElement as HTMLElement };
  }

  it('labels the search and one select per choice, with their test ids', async () => {
    const { element } = await render({ ...NO_ROW_FILTER, zones: [] });
    expect(element.querySelector('section')?.getAttribute('aria-label')).toBe('Search and filters');
    expect(element.querySelector('[data-testid="x-search"]')).not.toBeNull();
    const labels = [...element.querySelectorAll('mat-label')].map((label) => label.textContent?.trim());
    expect(labels).toEqual(['Search', 'Zone', 'Type', 'Status', 'Health']);
    for (const id of ['filter-zone', 'x-filter-type', 'x-filter-status', 'x-filter-health']) {
      expect(element.querySelector(`mat-select[data-testid="${id}"]`)).not.toBeNull();
    }
    expect(element.textContent).not.toContain('Clear filters');
  });

  it('writes the search into the filter, and "Clear filters" empties every list of it', async () => {
    const { fixture, changes, element } = await render({ ...NO_ROW_FILTER, zones: ['z1'], types: ['s3'] });
    const search = element.querySelector<HTMLInputElement>('[data-testid="x-search"]');
    if (!search) throw new Error('no search field');
    search.value = 'abc';
    search.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(changes.at(-1)).toEqual({ ...NO_ROW_FILTER, zones: ['z1'], types: ['s3'], search: 'abc' });
    const clear = [...element.querySelectorAll('button')].find((button) => button.textContent?.includes('Clear'));
    if (!clear) throw new Error('no "Clear filters" button');
    clear.click();
    await fixture.whenStable();
    expect(changes.at(-1)).toEqual({ ...NO_ROW_FILTER, zones: [] });
  });
});
