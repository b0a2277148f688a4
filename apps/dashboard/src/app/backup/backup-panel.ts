import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { IpfsKitApi } from '../core/ipfs-kit-api';
import { Notifier } from '../core/notifier';
import { ConfirmDialog, type ConfirmDialogData } from '../shared/confirm-dialog';

/** Download the store as a backup file; restore one after a preview of what it would change and a confirmation. */
@Component({
  selector: 'app-backup-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <button mat-stroked-button type="button" (click)="download()" [disabled]="busy()" data-testid="backup-download">
      Download backup
    </button>
    <button mat-stroked-button type="button" (click)="file.click()" [disabled]="busy()" data-testid="backup-restore">
      Restore…
    </button>
    <input
      #file
      type="file"
      accept="application/json,.json"
      hidden
      (change)="restore(file)"
      aria-label="Backup file to restore"
      data-testid="backup-file"
    />
  `,
  styles: `
    :host {
      display: inline-flex;
      gap: 8px;
      flex-wrap: wrap;
    }
  `,
})
export class BackupPanel {
  private readonly api = inject(IpfsKitApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  /** After a restore: the list changed. */
  readonly restored = output<void>();
  protected readonly busy = signal(false);

  protected async download(): Promise<void> {
    this.busy.set(true);
    try {
      const blob = await this.api.backupFile();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `ipfs-kit-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected async restore(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.busy.set(true);
    try {
      let backup: Record<string, unknown>;
      try {
        backup = JSON.parse(await file.text()) as Record<string, unknown>;
      } catch {
        throw new Error(`${file.name} is not a JSON backup file`);
      }
      const preview = (await this.api.restore(backup, true)).preview;
      const list = (names: string[] | undefined) => (names?.length ? names.join(', ') : 'none');
      const data: ConfirmDialogData = {
        title: `Restore ${file.name}?`,
        message:
          `Added: ${list(preview?.added)}. Changed: ${list(preview?.changed)}. Unchanged: ${preview?.unchanged.length ?? 0}. ` +
          `Services not in the backup are kept. Changed services are reloaded.`,
        confirm: 'Restore',
      };
      if (!(await firstValueFrom(this.dialog.open(ConfirmDialog, { data }).afterClosed()))) return;
      this.notifier.info((await this.api.restore(backup, false)).message);
      this.restored.emit();
    } catch (error) {
      this.notifier.error(error);
    } finally {
      this.busy.set(false);
    }
  }
}
