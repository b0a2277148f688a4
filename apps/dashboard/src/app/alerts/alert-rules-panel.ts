import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CreateRuleDto, RuleDto } from '@ipfs-kit/sdk';
import { Notifier } from '../core/notifier';
import { nameList } from './alert-form-utils';
import { AlertsApi } from './alerts-api';

/** Rules: the list with removal, and a form to add one (defaults filled in by the API). */
@Component({
  selector: 'app-alert-rules-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <h2>Rules</h2>
    <table class="list" data-testid="alert-rules">
      <thead><tr><th>name</th><th>condition</th><th>services</th><th>channels</th><th>threshold</th><th>checks</th><th>repeat</th><th></th></tr></thead>
      <tbody>
        @for (rule of rules(); track rule.name) {
          <tr>
            <td>{{ rule.name }}</td>
            <td>{{ rule.condition }}</td>
            <td>{{ scope(rule) }}</td>
            <td>{{ rule.channels.join(', ') }}</td>
            <td>{{ rule.threshold ?? '—' }}</td>
            <td>{{ rule.failures }}</td>
            <td>{{ rule.repeat_interval_s ? rule.repeat_interval_s + ' s' : 'off' }}</td>
            <td class="actions"><button mat-button type="button" (click)="remove(rule.name)">Remove</button></td>
          </tr>
        } @empty {
          <tr><td colspan="8">No rules yet.</td></tr>
        }
      </tbody>
    </table>
    <form [formGroup]="form" (ngSubmit)="add()" class="add">
      <mat-form-field><mat-label>Name</mat-label><input matInput formControlName="name" /></mat-form-field>
      <mat-form-field>
        <mat-label>Condition</mat-label>
        <mat-select formControlName="condition">
          @for (condition of conditions(); track condition) {
            <mat-option [value]="condition">{{ condition }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field><mat-label>Services (empty: all)</mat-label><input matInput formControlName="services" /></mat-form-field>
      <mat-form-field><mat-label>Types</mat-label><input matInput formControlName="types" /></mat-form-field>
      <mat-form-field>
        <mat-label>Channels</mat-label>
        <mat-select formControlName="channels" multiple>
          @for (channel of channelNames(); track channel) {
            <mat-option [value]="channel">{{ channel }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field><mat-label>Threshold</mat-label><input matInput type="number" min="0" formControlName="threshold" /></mat-form-field>
      <mat-form-field><mat-label>Checks in a row</mat-label><input matInput type="number" min="1" formControlName="failures" /></mat-form-field>
      <mat-form-field><mat-label>Repeat every (s)</mat-label><input matInput type="number" min="0" formControlName="repeat" /></mat-form-field>
      <button mat-flat-button type="submit" [disabled]="form.invalid">Add rule</button>
    </form>
  `,
  styleUrl: './alerts-tables.css',
})
export class AlertRulesPanel {
  readonly rules = input.required<RuleDto[]>();
  readonly conditions = input.required<string[]>();
  readonly channelNames = input.required<string[]>();
  readonly changed = output<void>();
  private readonly api = inject(AlertsApi);
  private readonly notifier = inject(Notifier);
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    condition: new FormControl('down', { nonNullable: true }),
    services: new FormControl('', { nonNullable: true }),
    types: new FormControl('', { nonNullable: true }),
    channels: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
    threshold: new FormControl<number | null>(null),
    failures: new FormControl<number | null>(null),
    repeat: new FormControl<number | null>(null),
  });

  protected scope(rule: RuleDto): string {
    const parts = [...rule.services, ...rule.types.map((type) => `all ${type}`)];
    return parts.length > 0 ? parts.join(', ') : 'all services';
  }

  protected async remove(name: string): Promise<void> {
    try {
      await this.api.removeRule(name);
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }

  protected async add(): Promise<void> {
    const value = this.form.getRawValue();
    const body: CreateRuleDto = {
      name: value.name,
      condition: value.condition as CreateRuleDto['condition'],
      channels: value.channels,
      ...(nameList(value.services) ? { services: nameList(value.services) } : {}),
      ...(nameList(value.types) ? { types: nameList(value.types) } : {}),
      ...(value.threshold !== null ? { threshold: value.threshold } : {}),
      ...(value.failures !== null ? { failures: value.failures } : {}),
      ...(value.repeat !== null ? { repeat_interval_s: value.repeat } : {}),
    };
    try {
      await this.api.addRule(body);
      this.notifier.info(`Rule ${value.name} added`);
      this.form.controls.name.setValue('');
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }
}
