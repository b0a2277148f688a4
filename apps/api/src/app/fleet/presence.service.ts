import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ResourceMonitor } from '../monitoring/resource-monitor.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { API_VERSION } from '../system/api-version';
import { SecretRedactor } from '../store/secret-redactor';
import { FleetConnection, type FleetBuckets } from './fleet-connection';
import { encodeJson, type Heartbeat, type NodeCard } from './fleet-records';
import { NodeIdentity } from './node-identity';

/** The node's card is rewritten every this many heartbeats (its host resources change slowly). */
const CARD_EVERY = 10;

/**
 * Heartbeats into the presence bucket (its TTL removes the entry of a node that stops)
 * every third of the TTL, and keeps the node's card current in the nodes bucket.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger('FleetPresence');
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | null = null;
  private beats = 0;
  private beating = false;
  private everyMs = 5_000;
  private lastBeat: string | null = null;

  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly resources: ResourceMonitor,
    private readonly redactor: SecretRedactor,
  ) {}

  start(): void {
    const fleet = this.settings.fleet;
    if (!fleet) return;
    this.connection.onReady(async (_, buckets) => {
      await this.beat(buckets);
      await this.writeCard(buckets);
    });
    this.everyMs = Math.max(500, Math.floor((fleet.presenceTtlS * 1000) / 3));
    // At a fixed rate: a heartbeat NATS is slow to take (a stream electing a leader after a
    // server loss) gives up after one period and does not push the next one later.
    this.timer = setInterval(() => {
      if (this.beating) return;
      this.beating = true;
      void this.tick().finally(() => {
        this.beating = false;
      });
    }, this.everyMs);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** When this node last sent a heartbeat that NATS took. */
  lastHeartbeat(): string | null {
    return this.lastBeat;
  }

  private async tick(): Promise<void> {
    const live = this.connection.current;
    if (!live) return;
    try {
      await this.beat(live.buckets);
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${this.redactor.redact((error as Error).message)}`);
      return;
    }
    this.beats += 1;
    // Not awaited: a slow card write never holds back the next heartbeat.
    if (this.beats % CARD_EVERY === 0) {
      this.writeCard(live.buckets).catch((error: unknown) => this.logger.warn(`card update failed: ${this.redactor.redact((error as Error).message)}`));
    }
  }

  private async beat(buckets: FleetBuckets): Promise<void> {
    const { id } = await this.identity.load();
    const at = new Date().toISOString();
    await buckets.presence.put(id, encodeJson({ node_id: id, at } satisfies Heartbeat), { timeout: this.everyMs });
    this.lastBeat = at;
  }

  private async writeCard(buckets: FleetBuckets): Promise<void> {
    const { id, name, labels } = await this.identity.load();
    const { host } = await this.resources.current().catch(() => ({ host: null }));
    const card: NodeCard = {
      node_id: id,
      name,
      labels,
      version: API_VERSION,
      started_at: this.startedAt,
      updated_at: new Date().toISOString(),
      last_heartbeat_at: this.lastBeat ?? new Date().toISOString(),
      host: host
        ? {
            cpu_percent: host.cpu_percent,
            memory_used_bytes: host.memory_used_bytes,
            memory_total_bytes: host.memory_total_bytes,
            disk_used_bytes: host.disk_used_bytes,
            disk_total_bytes: host.disk_total_bytes,
          }
        : null,
    };
    await buckets.nodes.put(id, encodeJson(card));
  }
}
