import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CreateMaintenanceDto, MaintenanceWindowDto } from '@ipfs-kit/sdk';
import { Notifier } from '../core/notifier';
import { nameList } from './alert-form-utils';
import { AlertsApi } from './alerts-api';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Maintenance windows: the list (active ones marked) and a form for a one-off or weekly window. */
@Component({
  selector: 'app-maintenance-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <h2>Maintenance windows</h2>
    <table class="list" data-testid="maintenance-windows">
      <thead><tr><th>name</th><th>services</th><th>when (UTC)</th><th>now</th><th></th></tr></thead>
      <tbody>
        @for (window of windows(); track window.name) {
          <tr>
            <td>{{ window.name }}</td>
            <td>{{ [...window.services, ...window.types].join(', ') || 'all services' }}</td>
            <td>{{ when(window) }}</td>
            <td>{{ window.active ? 'active' : '' }}</td>
            <td class="actions"><button mat-button type="button" (click)="remove(window.name)">Remove</button></td>
          </tr>
        } @empty {
          <tr><td colspan="5">No maintenance windows.</td></tr>
        }
      </tbody>
    </table>
    <form [formGroup]="form" (ngSubmit)="add()" class="add">
      <mat-form-field><mat-label>Name</mat-label><input matInput formControlName="name" /></mat-form-field>
      <mat-form-field><mat-label>Services (empty: all)</mat-label><input matInput formControlName="services" /></mat-form-field>
      <mat-form-field>
        <mat-label>Kind</mat-label>
        <mat-select formControlName="kind">
          <mat-option value="once">once</mat-option>
          <mat-option value="weekly">weekly</mat-option>
        </mat-select>
      </mat-form-field>
      @if (form.controls.kind.value === 'once') {
        <mat-form-field><mat-label>Starts (UTC)</mat-label><input matInput type="datetime-local" formControlName="startsAt" /></mat-form-field>
        <mat-form-field><mat-label>Ends (UTC)</mat-label><input matInput type="datetime-local" formControlName="endsAt" /></mat-form-field>
      } @else {
        <mat-form-field>
          <mat-label>Days</mat-label>
          <mat-select formControlName="weekdays" multiple>
            @for (day of weekdays; track day) {
              <mat-option [value]="day">{{ day }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field><mat-label>Start (HH:MM UTC)</mat-label><input matInput formControlName="startTime" /></mat-form-field>
        <mat-form-field><mat-label>Minutes</mat-label><input matInput type="number" min="1" formControlName="minutes" /></mat-form-field>
      }
      <button mat-flat-button type="submit" [disabled]="form.invalid">Add window</button>
    </form>
  `,
  styleUrl: './alerts-tables.css',
})
export class MaintenancePanel {
  readonly windows = input.required<MaintenanceWindowDto[]>();
  readonly changed = output<void>();
  private readonly api = inject(AlertsApi);
  private readonly notifier = inject(Notifier);
  protected readonly weekdays = WEEKDAYS;
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    services: new FormControl('', { nonNullable: true }),
    kind: new FormControl<'once' | 'weekly'>('once', { nonNullable: true }),
    startsAt: new FormControl('', { nonNullable: true }),
    endsAt: new FormControl('', { nonNullable: true }),
    weekdays: new FormControl<string[]>([], { nonNullable: true }),
    startTime: new FormControl('03:00', { nonNullable: true }),
    minutes: new FormControl<number>(60, { nonNullable: true }),
  });

  protected when(window: MaintenanceWindowDto): string {
    if (window.kind === 'once') return `${window.starts_at} → ${window.ends_at}`;
    return `${window.weekdays.join(', ')} at ${window.start_time} for ${Math.round((window.duration_s ?? 0) / 60)} min`;
  }

  protected async remove(name: string): Promise<void> {
    try {
      await this.api.removeWindow(name);
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }

  protected async add(): Promise<void> {
    const value = this.form.getRawValue();
    const utc = (local: string) => (!local ? undefined : local.length === 16 ? `${local}:00Z` : `${local}Z`);
    const body: CreateMaintenanceDto = {
      name: value.name,
      kind: value.kind,
      ...(nameList(value.services) ? { services: nameList(value.services) } : {}),
      ...(value.kind === 'once'
        ? { starts_at: utc(value.startsAt), ends_at: utc(value.endsAt) }
        : { weekdays: value.weekdays as CreateMaintenanceDto['weekdays'], start_time: value.startTime, duration_s: value.minutes * 60 }),
    };
    try {
      await this.api.addWindow(body);
      this.notifier.info(`Maintenance window ${value.name} added`);
      this.form.controls.name.setValue('');
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }
}
