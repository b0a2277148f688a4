import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { HEALTHS, isFiltering, STATUSES, type RowFilter } from './row-filter';

export interface FilterOption {
  value: string;
  label: string;
}

/** One multiple-choice select of the bar: which list of the filter it sets, its label and choices. */
export interface FilterChoice<F> {
  key: keyof F & string;
  label: string;
  /** The select's data-testid. */
  testId: string;
  options: readonly FilterOption[];
}

/** Choices shown as they are. */
export function plainOptions(values: readonly string[]): FilterOption[] {
  return values.map((value) => ({ value, label: value }));
}

/** The type, status and health selects of a services list; `testIdPrefix` tells two lists' selects apart. */
export function rowChoices<F extends RowFilter>(types: readonly string[], testIdPrefix = ''): FilterChoice<F>[] {
  return [
    { key: 'types', label: 'Type', testId: `${testIdPrefix}filter-type`, options: plainOptions(types) },
    { key: 'statuses', label: 'Status', testId: `${testIdPrefix}filter-status`, options: plainOptions(STATUSES) },
    { key: 'healths', label: 'Health', testId: `${testIdPrefix}filter-health`, options: plainOptions(HEALTHS) },
  ];
}

/**
 * A search field, a labelled multiple-choice select per filter list and, once something
 * is filtered, "Clear filters"; the filter is bound both ways. What the page adds (counts,
 * view toggles) is projected after them.
 */
@Component({
  selector: 'app-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  templateUrl: './filter-bar.html',
  styleUrl: './filter-bar.scss',
})
export class FilterBar<F extends RowFilter> {
  readonly filter = model.required<F>();
  readonly choices = input.required<readonly FilterChoice<F>[]>();
  /** The bar's accessible name. */
  readonly label = input.required<string>();
  /** The search field's data-testid. */
  readonly searchTestId = input.required<string>();

  protected readonly filtering = computed(() => isFiltering(this.filter()));

  protected set(key: keyof F & string, value: string | string[]): void {
    this.filter.update((current) => ({ ...current, [key]: value }));
  }

  /** Every list emptied and the search blank, whatever lists the filter has. */
  protected clear(): void {
    this.filter.update((current) => ({
      ...current,
      ...Object.fromEntries(Object.entries(current).map(([key, value]) => [key, Array.isArray(value) ? [] : ''])),
    }));
  }
}
