import { Injectable } from '@angular/core';

const STORAGE_KEY = 'ipfs-kit.token';

/**
 * The API token: taken from `?token=` on the first visit (the link the API prints at
 * start-up), kept in session storage, and removed from the address bar.
 */
@Injectable({ providedIn: 'root' })
export class ApiToken {
  private value: string | null = null;

  constructor() {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get('token');
    if (fromUrl) {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
      url.searchParams.delete('token');
      window.history.replaceState(window.history.state, '', url.toString());
    }
    this.value = fromUrl ?? sessionStorage.getItem(STORAGE_KEY);
  }

  get(): string | null {
    return this.value;
  }

  set(token: string): void {
    this.value = token;
    sessionStorage.setItem(STORAGE_KEY, token);
  }
}
