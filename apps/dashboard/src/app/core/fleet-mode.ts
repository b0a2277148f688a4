import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { SystemFleetDto } from '@ipfs-kit/sdk';
import { IpfsKitApi } from './ipfs-kit-api';

/** How often the health is read again on a node in fleet mode (to notice a lost NATS link). */
export const FLEET_HEALTH_EVERY_MS = 30_000;

/**
 * Whether this node is in fleet mode, and whether it is connected to NATS now, from the
 * `fleet` field of GET /api/system/health (absent on a standalone node). Read once at
 * start; a standalone node is not asked again (the mode is set when the API starts), a
 * fleet node every FLEET_HEALTH_EVERY_MS. The fleet views' own answers carry the same
 * link state and update it through `note`.
 */
@Injectable({ providedIn: 'root' })
export class FleetMode {
  private readonly api = inject(IpfsKitApi);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  /** The link state; null until the first answer, and on a standalone node. */
  readonly link = signal<SystemFleetDto | null>(null);
  readonly enabled = computed(() => this.link()?.mode === 'fleet');
  /** In fleet mode without NATS: the node works standalone until the link returns. */
  readonly disconnected = computed(() => this.enabled() && this.link()?.connected === false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.timer && clearTimeout(this.timer));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.read();
  }

  /** The link state as a fleet answer gave it. */
  note(link: SystemFleetDto): void {
    this.link.set(link);
  }

  private async read(): Promise<void> {
    let again = true;
    try {
      const fleet = (await this.api.health()).fleet ?? null;
      this.link.set(fleet);
      again = fleet?.mode === 'fleet';
    } catch {
      // The API is away: ask again later, with what we knew kept meanwhile.
    }
    if (again) this.timer = setTimeout(() => void this.read(), FLEET_HEALTH_EVERY_MS);
  }
}
