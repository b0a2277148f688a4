import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';

export type ThemeMode = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'ipfs-kit.theme';

/** Dark mode follows the system until the user picks one; the choice is remembered. */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  readonly mode = signal<ThemeMode>(readStoredMode());

  constructor() {
    this.apply(this.mode());
  }

  toggle(): void {
    const dark = this.isDark();
    this.set(dark ? 'light' : 'dark');
  }

  set(mode: ThemeMode): void {
    this.mode.set(mode);
    localStorage.setItem(STORAGE_KEY, mode);
    this.apply(mode);
  }

  isDark(): boolean {
    const mode = this.mode();
    if (mode === 'system') return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    return mode === 'dark';
  }

  private apply(mode: ThemeMode): void {
    this.document.documentElement.style.colorScheme = mode === 'system' ? 'light dark' : mode;
  }
}

function readStoredMode(): ThemeMode {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}
