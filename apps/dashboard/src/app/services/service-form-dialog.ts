import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import type { BackendTemplateDto, BackendTypeDto, ServiceConfigResponseDto } from '@ipfs-kit/sdk';
import { IpfsKitApi } from '../core/ipfs-kit-api';
import { Notifier } from '../core/notifier';
import { ConfigFieldInput } from './config-field-input';
import {
  COMMON_FIELDS,
  buildConfig,
  buildPatch,
  initialValues,
  type FormValue,
  type FormValues,
} from './config-form-model';

export type ServiceFormDialogData =
  | { mode: 'add'; types: BackendTypeDto[]; existingNames: string[] }
  | { mode: 'configure'; type: BackendTypeDto; current: ServiceConfigResponseDto };

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Add a service, or configure one: a form per type from its schema, and the same config as JSON. */
@Component({
  selector: 'app-service-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTabsModule,
    ConfigFieldInput,
  ],
  templateUrl: './service-form-dialog.html',
  styleUrl: './service-form-dialog.scss',
})
export class ServiceFormDialog {
  protected readonly data = inject<ServiceFormDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ServiceFormDialog, boolean>);
  private readonly api = inject(IpfsKitApi);
  private readonly notifier = inject(Notifier);

  protected readonly type = signal<BackendTypeDto | null>(null);
  protected readonly form = signal(new FormGroup<Record<string, FormControl<FormValue>>>({}));
  protected readonly tab = signal(0);
  protected readonly json = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly testResult = signal<{ ok: boolean; message: string } | null>(null);
  protected readonly name = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.pattern(NAME_PATTERN)],
  });
  protected readonly startNow = new FormControl(true, { nonNullable: true });
  protected nameEdited = false;

  protected readonly mainFields = computed(() => (this.type()?.fields ?? []).filter((f) => !COMMON_FIELDS.has(f.name)));
  protected readonly commonFields = computed(() =>
    (this.type()?.fields ?? []).filter((f) => COMMON_FIELDS.has(f.name)),
  );

  constructor() {
    if (this.data.mode === 'configure') {
      this.type.set(this.data.type);
      this.buildForm(
        initialValues(this.data.type.fields, this.data.current.config, { defaults: false, secrets: false }),
      );
    } else {
      const first = this.data.types.find((t) => t.type === 'parquet') ?? this.data.types[0];
      if (first) this.selectType(first.type);
    }
  }

  protected selectType(typeName: string): void {
    if (this.data.mode !== 'add') return;
    const type = this.data.types.find((t) => t.type === typeName) ?? null;
    this.type.set(type);
    this.error.set(null);
    this.testResult.set(null);
    if (!type) return;
    this.buildForm(initialValues(type.fields, {}, { defaults: true, secrets: false }));
    if (!this.nameEdited) this.name.setValue(this.freeName(type.type));
  }

  protected applyTemplate(template: BackendTemplateDto): void {
    const type = this.type();
    if (!type) return;
    this.buildForm(initialValues(type.fields, template.config, { defaults: true, secrets: true }));
    this.notifier.info(`Filled in from "${template.title}"`);
  }

  protected control(name: string): FormControl<FormValue> {
    return this.form().controls[name] as FormControl<FormValue>;
  }

  protected secretState(name: string): 'set' | 'not set' | null {
    return this.data.mode === 'configure' ? (this.data.current.secrets[name] ?? 'not set') : null;
  }

  protected switchTab(index: number): void {
    if (index === this.tab()) return;
    if (index === 1) {
      this.json.set(JSON.stringify(this.safeConfig(), null, 2));
    } else if (!this.applyJson()) {
      return;
    }
    this.tab.set(index);
  }

  protected async test(): Promise<void> {
    const type = this.type();
    if (!type || !this.syncFromJson()) return;
    await this.run(async () => {
      const config =
        this.data.mode === 'configure'
          ? { ...this.data.current.config, ...this.stripNulls(this.patch()) }
          : buildConfig(type.fields, this.values());
      const result = await this.api.test({
        type: type.type as never,
        config,
        ...(this.data.mode === 'configure' ? { name: this.data.current.name } : {}),
      });
      this.testResult.set({
        ok: result.success,
        message: result.success
          ? `Connection OK${result.latency_ms !== null ? ` (${Math.round(result.latency_ms)} ms)` : ''}${result.version ? `, version ${result.version}` : ''}`
          : `Test failed: ${result.error?.message ?? result.message}`,
      });
    });
  }

  protected async save(): Promise<void> {
    const type = this.type();
    if (!type || !this.syncFromJson()) return;
    this.form().markAllAsTouched();
    this.name.markAsTouched();
    if (this.form().invalid || (this.data.mode === 'add' && this.name.invalid)) {
      this.error.set('Fill in the required fields first.');
      return;
    }
    await this.run(async () => {
      if (this.data.mode === 'add') {
        const result = await this.api.add({
          name: this.name.value,
          type: type.type as never,
          config: buildConfig(type.fields, this.values()),
          start: this.startNow.value,
        });
        this.notifier.info(result.message);
      } else {
        const result = await this.api.patchConfig(this.data.current.name, this.patch());
        this.notifier.info(result.message);
      }
      this.ref.close(true);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.error.set(message);
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  private buildForm(values: FormValues): void {
    const type = this.type();
    const controls: Record<string, FormControl<FormValue>> = {};
    for (const field of type?.fields ?? []) {
      const required =
        field.required && !(field.secret && this.secretState(field.name) === 'set') && field.type !== 'boolean';
      controls[field.name] = new FormControl<FormValue>(values[field.name] ?? '', {
        nonNullable: true,
        validators: required ? [Validators.required] : [],
      });
    }
    this.form.set(new FormGroup(controls));
  }

  private values(): FormValues {
    return this.form().getRawValue();
  }

  private patch(): Record<string, unknown> {
    if (this.data.mode !== 'configure') return {};
    return buildPatch(this.data.type.fields, this.values(), this.data.current.config);
  }

  private stripNulls(patch: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null));
  }

  /** The config as the JSON tab shows it: the form's values; in configure mode without secrets. */
  private safeConfig(): Record<string, unknown> {
    const type = this.type();
    if (!type) return {};
    try {
      const config = buildConfig(type.fields, this.values());
      if (this.data.mode === 'configure') {
        for (const field of type.fields) if (field.secret && !config[field.name]) delete config[field.name];
      }
      return config;
    } catch {
      return {};
    }
  }

  private syncFromJson(): boolean {
    return this.tab() === 0 || this.applyJson();
  }

  private applyJson(): boolean {
    const type = this.type();
    if (!type) return false;
    try {
      const parsed = JSON.parse(this.json()) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('the config must be a JSON object');
      const unknownKeys = Object.keys(parsed).filter((key) => !type.fields.some((f) => f.name === key));
      if (unknownKeys.length) throw new Error(`unknown field(s) for ${type.type}: ${unknownKeys.join(', ')}`);
      this.buildForm(initialValues(type.fields, parsed as Record<string, unknown>, { defaults: false, secrets: true }));
      this.error.set(null);
      return true;
    } catch (error) {
      this.error.set(`The JSON is not valid: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private freeName(base: string): string {
    if (this.data.mode !== 'add') return base;
    const taken = new Set(this.data.existingNames);
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }
}
