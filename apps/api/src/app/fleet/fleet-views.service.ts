import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { KV, KvEntry, KvWatchEntry } from '@nats-io/kv';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { FleetConnection, type FleetBuckets } from './fleet-connection';
import { fleetParts } from './fleet-settings';
import { decodeJson, type Heartbeat, type NodeCard, type ServiceCopy } from './fleet-records';
import { parseServiceKey } from './fleet-subjects';
import { keepWatching, type FleetWatch } from './fleet-watch';
import { NodeIdentity } from './node-identity';
import { StatusPublisher } from './status-publisher.service';

/** A node as the fleet views know it. */
export interface KnownNode {
  id: string;
  card: NodeCard | null;
  /** When its last heartbeat was seen (the entry's time in NATS). */
  lastSeenMs: number | null;
}

/**
 * The whole fleet in memory, kept by watching the presence, nodes and services buckets:
 * a watch first delivers every last value (a new view sees the whole fleet at once),
 * then each change. Reads never wait on NATS; this node's own rows come from its store.
 */
@Injectable()
export class FleetViews implements OnModuleDestroy {
  private readonly logger = new Logger('FleetViews');
  private readonly nodes = new Map<string, KnownNode>();
  /** node id -> service name -> copy. */
  private readonly services = new Map<string, Map<string, ServiceCopy>>();
  private watchers: FleetWatch[] = [];
  /** Nodes whose card is being read directly (heard from before their card arrived). */
  private readonly cardReads = new Set<string>();
  private readonly copyListeners: Array<(service: string, nodeId: string) => void> = [];
  /** Whether this process is its store's node (a member), decided once by the role. */
  private readonly isNode: boolean;

  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly publisher: StatusPublisher,
    private readonly redactor: SecretRedactor,
  ) {
    this.isNode = settings.fleet ? fleetParts(settings.fleet.role).self : false;
  }

  start(): void {
    this.connection.onReady((_, buckets) => this.watchAll(buckets));
  }

  onModuleDestroy(): void {
    this.stopWatchers();
  }

  /**
   * The id of the node this process is, or null: a member is its store's node; a watcher
   * (the stdio MCP server) is no node, and sees its store's node through NATS like any other.
   */
  selfId(): string | null {
    return this.isNode ? (this.identity.current?.id ?? null) : null;
  }

  /** Online: a heartbeat within the presence TTL (this node: always, it answers). */
  isOnline(nodeId: string, now = Date.now()): boolean {
    if (nodeId === this.selfId()) return true;
    const seen = this.nodes.get(nodeId)?.lastSeenMs ?? null;
    return seen !== null && now - seen <= this.ttlMs();
  }

  knownNodes(): KnownNode[] {
    const self = this.selfId() === null ? null : this.identity.current;
    if (self && !this.nodes.has(self.id)) this.nodes.set(self.id, { id: self.id, card: null, lastSeenMs: null });
    return [...this.nodes.values()];
  }

  /** A node by id or name. */
  findNode(idOrName: string): KnownNode | null {
    return this.knownNodes().find((node) => node.id === idOrName || node.card?.name === idOrName) ?? null;
  }

  nodeName(nodeId: string): string | null {
    if (nodeId === this.selfId()) return this.identity.current?.name ?? null;
    return this.nodes.get(nodeId)?.card?.name ?? null;
  }

  /** Every node's copies; this node's from its own store. */
  serviceCopies(): ServiceCopy[] {
    const selfId = this.selfId();
    const out: ServiceCopy[] = [];
    for (const [nodeId, copies] of this.services) if (nodeId !== selfId) out.push(...copies.values());
    out.push(...this.publisher.localCopies());
    return out;
  }

  /** Every node's copy of one service (one lookup per node, not a scan of every copy). */
  copiesNamed(service: string): ServiceCopy[] {
    const selfId = this.selfId();
    const out: ServiceCopy[] = [];
    for (const [nodeId, copies] of this.services) {
      const copy = nodeId === selfId ? undefined : copies.get(service);
      if (copy) out.push(copy);
    }
    const local = this.publisher.localCopy(service);
    if (local) out.push(local);
    return out;
  }

  copiesOf(nodeId: string): ServiceCopy[] {
    if (nodeId === this.selfId()) return this.publisher.localCopies();
    return [...(this.services.get(nodeId)?.values() ?? [])];
  }

  /** Calls `listener` whenever another node's copy of a service changes (added, updated, deleted). */
  onCopyChange(listener: (service: string, nodeId: string) => void): () => void {
    this.copyListeners.push(listener);
    return () => {
      const index = this.copyListeners.indexOf(listener);
      if (index >= 0) this.copyListeners.splice(index, 1);
    };
  }

  ttlMs(): number {
    return (this.settings.fleet?.presenceTtlS ?? 15) * 1000;
  }

  private async watchAll(buckets: FleetBuckets): Promise<void> {
    this.stopWatchers();
    const problem = (message: string): void => this.logger.warn(`a fleet watch ended, watching again: ${this.redactor.redact(message)}`);
    this.watchers = [
      keepWatching(buckets.presence, (entry) => this.onHeartbeat(entry, buckets.nodes), problem),
      keepWatching(buckets.nodes, (entry) => this.onCard(entry), problem),
      keepWatching(buckets.services, (entry) => this.onService(entry), problem),
    ];
  }

  private stopWatchers(): void {
    for (const watcher of this.watchers) watcher.stop();
    this.watchers = [];
  }

  private node(id: string): KnownNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { id, card: null, lastSeenMs: null };
      this.nodes.set(id, node);
    }
    return node;
  }

  private onHeartbeat(entry: KvWatchEntry, cards: KV): void {
    if (entry.operation !== 'PUT') return;
    const beat = decodeJson<Heartbeat>(entry.value);
    if (!beat) return;
    const node = this.node(entry.key);
    // A live update counts from now; a last value delivered at watch start from when NATS took it.
    const seen = entry.isUpdate ? Date.now() : entry.created.getTime();
    node.lastSeenMs = Math.max(node.lastSeenMs ?? 0, seen);
    if (!node.card) void this.readCard(cards, entry.key);
  }

  /**
   * A node heard from before its card arrived: its card is read directly. The nodes watch
   * on a freshly made bucket can lag for seconds (seen with nats-server 2.9 when several
   * nodes start together); one read per heartbeat at most, while the card is missing.
   */
  private async readCard(cards: KV, id: string): Promise<void> {
    if (this.cardReads.has(id)) return;
    this.cardReads.add(id);
    try {
      const entry = await cards.get(id);
      if (entry?.operation === 'PUT' && !this.nodes.get(id)?.card) this.onCard(entry);
    } catch {
      // The next heartbeat tries again; the watch delivers the card in any case.
    } finally {
      this.cardReads.delete(id);
    }
  }

  private onCard(entry: KvEntry): void {
    if (entry.operation !== 'PUT') {
      this.nodes.delete(entry.key);
      return;
    }
    const card = decodeJson<NodeCard>(entry.value);
    if (!card) return;
    const node = this.node(entry.key);
    node.card = card;
    const beat = Date.parse(card.last_heartbeat_at);
    if (Number.isFinite(beat) && node.lastSeenMs === null) node.lastSeenMs = Math.min(beat, entry.created.getTime());
  }

  private onService(entry: KvWatchEntry): void {
    const key = parseServiceKey(entry.key);
    if (!key) return;
    let copies = this.services.get(key.nodeId);
    if (entry.operation !== 'PUT') {
      copies?.delete(key.service);
      this.copyChanged(key.service, key.nodeId);
      return;
    }
    const copy = decodeJson<ServiceCopy>(entry.value);
    if (!copy) return;
    if (!copies) {
      copies = new Map();
      this.services.set(key.nodeId, copies);
    }
    copies.set(key.service, copy);
    this.copyChanged(key.service, key.nodeId);
  }

  private copyChanged(service: string, nodeId: string): void {
    if (nodeId === this.selfId()) return;
    for (const listener of this.copyListeners) {
      try {
        listener(service, nodeId);
      } catch (error) {
        this.logger.warn(`a fleet copy listener failed: ${this.redactor.redact((error as Error).message)}`);
      }
    }
  }
}
