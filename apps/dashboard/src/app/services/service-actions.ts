import { Injectable, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { BackendTypeDto } from '@ipfs-kit/sdk';
import { firstValueFrom } from 'rxjs';
import { IpfsKitApi, type ServiceAction } from '../core/ipfs-kit-api';
import { Notifier } from '../core/notifier';
import { ConfirmDialog, type ConfirmDialogData } from '../shared/confirm-dialog';
import type { ServiceFormDialogData } from './service-form-dialog';

/**
 * What a person does to a service, shared by the overview and the service page: the
 * add and configure dialogs, start/stop/restart, remove after a confirmation. Failures
 * become a message. `busy` holds the services with an action under way.
 */
@Injectable({ providedIn: 'root' })
export class ServiceActions {
  private readonly api = inject(IpfsKitApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private types: Promise<BackendTypeDto[]> | null = null;
  readonly busy = signal<ReadonlySet<string>>(new Set());

  /** The types and their form schemas, asked once. */
  backendTypes(): Promise<BackendTypeDto[]> {
    this.types ??= this.api.listTypes().catch((error: unknown) => {
      this.types = null;
      throw error;
    });
    return this.types;
  }

  /** Opens the add dialog; true when a service was added. */
  async add(existingNames: string[]): Promise<boolean> {
    try {
      return await this.openForm({ mode: 'add', types: await this.backendTypes(), existingNames });
    } catch (error) {
      this.notifier.error(error);
      return false;
    }
  }

  /** Opens the configure dialog with the service's current config; true when saved. */
  async configure(name: string): Promise<boolean> {
    try {
      const [current, types] = await Promise.all([this.api.config(name), this.backendTypes()]);
      const type = types.find((t) => t.type === current.type);
      if (!type) throw new Error(`No form for type "${current.type}": its driver is not installed`);
      return await this.openForm({ mode: 'configure', type, current });
    } catch (error) {
      this.notifier.error(error);
      return false;
    }
  }

  /** Asks, then stops and removes the service; true when removed. */
  async remove(name: string): Promise<boolean> {
    const data: ConfirmDialogData = {
      title: `Remove ${name}?`,
      message: `The service is stopped and its config, state and monitoring history are deleted. The data in the backend itself is not touched.`,
      confirm: 'Remove',
    };
    const confirmed = await firstValueFrom(this.dialog.open(ConfirmDialog, { data }).afterClosed());
    if (!confirmed) return false;
    return this.withBusy(name, async () => {
      this.notifier.info((await this.api.remove(name)).message);
    });
  }

  act(name: string, action: ServiceAction): Promise<boolean> {
    return this.withBusy(name, async () => {
      const result = await this.api.act(name, action);
      if (!result.success) throw new Error(result.error?.message ?? result.message);
      this.notifier.info(result.message);
    });
  }

  /** The form (and its Material modules) loads when first opened, not with the overview. */
  private async openForm(data: ServiceFormDialogData): Promise<boolean> {
    const { ServiceFormDialog } = await import('./service-form-dialog');
    const ref = this.dialog.open(ServiceFormDialog, {
      data,
      width: '680px',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  private async withBusy(name: string, work: () => Promise<void>): Promise<boolean> {
    this.busy.update((set) => new Set([...set, name]));
    try {
      await work();
      return true;
    } catch (error) {
      this.notifier.error(error);
      return false;
    } finally {
      this.busy.update((set) => new Set([...set].filter((n) => n !== name)));
    }
  }
}
