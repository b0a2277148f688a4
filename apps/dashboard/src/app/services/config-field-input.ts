import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule, type FormControl } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { ConfigFieldDto } from '@ipfs-kit/sdk';
import { humanizeKey } from '../shared/format';
import type { FormValue } from './config-form-model';

/** One config field of a type's schema as a Material input: password for secrets, toggle for booleans. */
@Component({
  selector: 'app-config-field-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule],
  template: `
    @let f = field();
    @if (f.type === 'boolean') {
      <div class="toggle">
        <mat-slide-toggle [formControl]="control()" [attr.data-field]="f.name">{{ label() }}</mat-slide-toggle>
        <div class="hint">{{ f.description }}</div>
      </div>
    } @else {
      <mat-form-field appearance="outline" class="full" subscriptSizing="dynamic">
        <mat-label>{{ label() }}</mat-label>
        @if (f.type === 'object') {
          <textarea
            matInput
            rows="3"
            [formControl]="control()"
            [required]="required()"
            [attr.data-field]="f.name"
          ></textarea>
        } @else {
          <input
            matInput
            [type]="inputType()"
            [formControl]="control()"
            [required]="required()"
            [placeholder]="placeholder()"
            [attr.autocomplete]="f.secret ? 'new-password' : 'off'"
            [attr.data-field]="f.name"
          />
        }
        <mat-hint>{{ hint() }}</mat-hint>
        @if (control().hasError('required')) {
          <mat-error>{{ label() }} is required</mat-error>
        }
      </mat-form-field>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .full {
      width: 100%;
    }
    .toggle {
      padding: 4px 0 8px;
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 4px 0 0 52px;
    }
  `,
})
export class ConfigFieldInput {
  readonly field = input.required<ConfigFieldDto>();
  readonly control = input.required<FormControl<FormValue>>();
  /** For a secret of an existing service: whether a value is stored. */
  readonly secretState = input<'set' | 'not set' | null>(null);

  protected readonly label = computed(() => humanizeKey(this.field().name));
  protected readonly required = computed(
    () => this.field().required && !(this.field().secret && this.secretState() === 'set'),
  );
  protected readonly inputType = computed(() => {
    const f = this.field();
    if (f.secret) return 'password';
    return f.type === 'integer' || f.type === 'number' ? 'number' : 'text';
  });
  protected readonly placeholder = computed(() => {
    const f = this.field();
    if (f.secret && this.secretState() === 'set') return 'set — leave empty to keep';
    const example = f.example as unknown;
    return example === undefined || example === null
      ? ''
      : `e.g. ${typeof example === 'string' ? example : JSON.stringify(example)}`;
  });
  protected readonly hint = computed(() => {
    const f = this.field();
    const parts = [f.description];
    if (f.secret)
      parts.push(
        this.secretState() ? `Secret (${this.secretState()}).` : 'Secret: stored encrypted, never shown again.',
      );
    if (f.type === 'string[]') parts.push('Comma-separated.');
    if (f.default !== undefined && f.default !== null && !f.secret)
      parts.push(`Default: ${JSON.stringify(f.default)}.`);
    return parts.filter(Boolean).join(' ');
  });
}
