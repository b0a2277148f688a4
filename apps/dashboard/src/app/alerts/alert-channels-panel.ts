import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { ChannelDto, CreateChannelDto } from '@ipfs-kit/sdk';
import { Notifier } from '../core/notifier';
import { CHANNEL_TEMPLATES } from './alert-form-utils';
import { AlertsApi } from './alerts-api';

/** Channels: the list with a test button and removal, and a form to add one. */
@Component({
  selector: 'app-alert-channels-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <h2>Channels</h2>
    <table class="list" data-testid="alert-channels">
      <thead><tr><th>name</th><th>type</th><th>config</th><th>secrets</th><th></th></tr></thead>
      <tbody>
        @for (channel of channels(); track channel.name) {
          <tr>
            <td>{{ channel.name }}</td>
            <td>{{ channel.type }}</td>
            <td><code>{{ describe(channel.config) }}</code></td>
            <td>{{ describe(channel.secrets) }}</td>
            <td class="actions">
              <button mat-stroked-button type="button" (click)="test(channel.name)" [disabled]="testing() === channel.name" [attr.data-testid]="'test-' + channel.name">Test</button>
              <button mat-button type="button" (click)="remove(channel.name)">Remove</button>
            </td>
          </tr>
        } @empty {
          <tr><td colspan="5">No channels yet: add one below.</td></tr>
        }
      </tbody>
    </table>
    <form [formGroup]="form" (ngSubmit)="add()" class="add">
      <mat-form-field><mat-label>Name</mat-label><input matInput formControlName="name" /></mat-form-field>
      <mat-form-field>
        <mat-label>Type</mat-label>
        <mat-select formControlName="type" (selectionChange)="pickType($event.value)">
          @for (type of types(); track type) {
            <mat-option [value]="type">{{ type }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field class="config">
        <mat-label>Config (JSON)</mat-label>
        <textarea matInput rows="3" formControlName="config"></textarea>
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="form.invalid">Add channel</button>
    </form>
  `,
  styleUrl: './alerts-tables.css',
})
export class AlertChannelsPanel {
  readonly channels = input.required<ChannelDto[]>();
  readonly types = input.required<string[]>();
  readonly changed = output<void>();
  private readonly api = inject(AlertsApi);
  private readonly notifier = inject(Notifier);
  protected readonly testing = signal<string | null>(null);
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    type: new FormControl('webhook', { nonNullable: true }),
    config: new FormControl(JSON.stringify(CHANNEL_TEMPLATES['webhook']), { nonNullable: true }),
  });

  protected describe(value: object): string {
    return Object.entries(value)
      .map(([key, item]) => `${key}: ${Array.isArray(item) ? item.join(', ') : String(item)}`)
      .join(' · ');
  }

  protected pickType(type: string): void {
    this.form.controls.config.setValue(JSON.stringify(CHANNEL_TEMPLATES[type] ?? {}));
  }

  protected async test(name: string): Promise<void> {
    this.testing.set(name);
    try {
      const result = await this.api.testChannel(name);
      if (result.success) this.notifier.info(result.message);
      else this.notifier.error(`${result.message}: ${result.error ?? ''}`);
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.testing.set(null);
    }
  }

  protected async remove(name: string): Promise<void> {
    try {
      await this.api.removeChannel(name);
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }

  protected async add(): Promise<void> {
    const { name, type, config } = this.form.getRawValue();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(config) as Record<string, unknown>;
    } catch {
      this.notifier.error('The config is not valid JSON');
      return;
    }
    try {
      await this.api.addChannel({ name, type: type as CreateChannelDto['type'], config: parsed });
      this.notifier.info(`Channel ${name} added`);
      this.form.controls.name.setValue('');
      this.changed.emit();
    } catch (error) {
      this.notifier.error(error);
    }
  }
}
