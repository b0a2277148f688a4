import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { FleetLinkDto, FleetNodeDto, FleetServiceDto } from '@ipfs-kit/sdk';
import { FleetMode } from '../core/fleet-mode';
import { IpfsKitApi } from '../core/ipfs-kit-api';
import { ApiCallError } from '../core/sdk-call';

/** The shortest and longest pause between two reads of the fleet. */
export const FLEET_POLL_MIN_MS = 5_000;
export const FLEET_POLL_MAX_MS = 60_000;
/** The pause grows with the list: this much per service row (3,000 rows: 30 s). */
export const FLEET_POLL_MS_PER_ROW = 10;

/** The pause before the next read, for a list of this many rows. */
export function pollDelayMs(rows: number): number {
  return Math.min(FLEET_POLL_MAX_MS, Math.max(FLEET_POLL_MIN_MS, rows * FLEET_POLL_MS_PER_ROW));
}

/**
 * The fleet as the dashboard shows it: the nodes and every service of every node, two
 * requests per read (never one per row), read again after a pause that grows with the
 * list (pollDelayMs), never while the previous read runs, and not while the tab is hidden;
 * not at all again once the API said this node is standalone (409).
 */
@Injectable()
export class FleetStore {
  private readonly api = inject(IpfsKitApi);
  private readonly mode = inject(FleetMode);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = false;
  /** The API said this node is standalone: read again only when asked. */
  private standalone = false;

  readonly nodes = signal<FleetNodeDto[]>([]);
  readonly services = signal<FleetServiceDto[]>([]);
  readonly link = signal<FleetLinkDto | null>(null);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  /** When the shown answers were read. */
  readonly readAt = signal<Date | null>(null);

  constructor() {
    const visible = () => {
      if (!document.hidden && !this.running && !this.stopped && !this.standalone) void this.read();
    };
    document.addEventListener('visibilitychange', visible);
    inject(DestroyRef).onDestroy(() => {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      document.removeEventListener('visibilitychange', visible);
    });
  }

  /** Reads now, then keeps reading. */
  start(): Promise<void> {
    return this.read();
  }

  /** Reads now (a person asked), the next read rescheduled after it. */
  refresh(): Promise<void> {
    return this.running ? Promise.resolve() : this.read();
  }

  private async read(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = true;
    try {
      const [nodes, services] = await Promise.all([this.api.fleetNodes(), this.api.fleetServices()]);
      this.nodes.set(nodes.nodes);
      this.services.set(services.services);
      this.link.set(services.fleet);
      this.mode.note(services.fleet);
      this.readAt.set(new Date());
      this.error.set(null);
      this.standalone = false;
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
      // 409: this node runs standalone, which only a restart of the API changes: no more reads.
      this.standalone = error instanceof ApiCallError && error.status === 409;
    } finally {
      this.running = false;
      this.loaded.set(true);
    }
    if (!this.stopped && !this.standalone && !document.hidden) {
      this.timer = setTimeout(() => void this.read(), pollDelayMs(this.services().length));
    }
  }
}
