import { Injectable, inject } from '@angular/core';
import type { OverviewResponseDto } from '@ipfs-kit/sdk';
import { IpfsKitApi } from './ipfs-kit-api';

/**
 * Asks for the overview as the application starts, when the overview is the page being
 * opened, so the answer travels while the page's code loads. The overview takes that
 * answer once; it is still the one request for the list.
 */
@Injectable({ providedIn: 'root' })
export class OverviewPrefetch {
  private readonly api = inject(IpfsKitApi);
  private pending: Promise<OverviewResponseDto> | null = null;

  startIfOverview(path = window.location.pathname): void {
    if (path !== '/' && path !== '') return;
    this.pending = this.api.overview();
    this.pending.catch(() => undefined); // the overview sees the failure when it takes the answer
  }

  /** The answer started at start-up, once; null afterwards (or when none was started). */
  take(): Promise<OverviewResponseDto> | null {
    const pending = this.pending;
    this.pending = null;
    return pending;
  }
}
