import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

/** Short messages at the bottom of the screen: successes briefly, errors until dismissed or 10 s. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string): void {
    this.snackBar.open(message, undefined, { duration: 3000 });
  }

  error(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.snackBar.open(message, 'Dismiss', { duration: 10000, panelClass: 'snack-error' });
  }
}
