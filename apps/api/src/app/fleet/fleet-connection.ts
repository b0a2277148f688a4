import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import type { FleetSettings } from './fleet-settings';
import { FLEET_BUCKETS, type FleetBucket } from './fleet-subjects';
import { fleetLink, type FleetLinkState } from './fleet-link';

export type { FleetLinkState } from './fleet-link';

type ReadyListener = (connection: NatsConnection, buckets: FleetBuckets) => Promise<void>;

export type FleetBuckets = Record<FleetBucket, KV>;

/** How long configs keep earlier revisions in their bucket. */
const CONFIG_HISTORY = 10;
const LEADER_WAIT_MS = 10_000;

/**
 * The node's one NATS connection (fleet mode only; the NATS client is loaded here, on
 * first connect, never in standalone). It connects in the background, so the API serves
 * without NATS, reconnects forever, and calls the ready listeners after the first
 * connect and after each reconnect, so that they publish and re-read what they missed.
 */
@Injectable()
export class FleetConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Fleet');
  private readonly listeners: ReadyListener[] = [];
  private connection: NatsConnection | null = null;
  private buckets: FleetBuckets | null = null;
  private closing = false;
  private link: FleetLinkState;

  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly redactor: SecretRedactor,
  ) {
    this.link = fleetLink(settings.fleet ? 'connecting' : 'standalone');
  }

  get state(): FleetLinkState {
    return { ...this.link };
  }

  /** The connection and buckets while connected, else null. */
  get current(): { connection: NatsConnection; buckets: FleetBuckets } | null {
    return this.connection && this.buckets && this.link.connected ? { connection: this.connection, buckets: this.buckets } : null;
  }

  onReady(listener: ReadyListener): void {
    this.listeners.push(listener);
  }

  /** Connects in the background (fleet mode). */
  start(): void {
    const fleet = this.settings.fleet;
    if (!fleet) return;
    void this.connectLoop(fleet);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const connection = this.connection;
    this.connection = null;
    if (connection && !connection.isClosed()) await connection.close().catch(() => undefined);
  }

  private async connectLoop(fleet: FleetSettings): Promise<void> {
    const { connect } = await import('@nats-io/transport-node');
    while (!this.closing && !this.connection) {
      try {
        const connection = await connect({
          servers: fleet.servers,
          name: `ipfs-kit ${fleet.nodeName}${fleet.role === 'watcher' ? ' (watcher)' : ''}`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          pingInterval: 5_000,
          timeout: 5_000,
          ...(await authOptions(fleet)),
          ...(fleet.tls ? { tls: tlsOptions(fleet) } : {}),
        });
        if (this.closing) {
          await connection.close();
          return;
        }
        this.connection = connection;
        void this.followStatus(connection);
        await this.becomeReady(connection, fleet);
      } catch (error) {
        this.link.last_error = this.redactor.redact((error as Error).message);
        this.logger.warn(`cannot reach NATS (${fleet.servers.join(', ')}): ${this.link.last_error}; running standalone, retrying`);
        await sleep(2_000);
      }
    }
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        if (this.link.state === 'connected') this.link = fleetLink('disconnected', { lastError: this.link.last_error });
        this.logger.warn('lost NATS: running standalone until it returns');
      } else if (status.type === 'reconnect') {
        this.logger.log(`NATS is back (${connection.getServer()})`);
        void this.becomeReady(connection, this.settings.fleet as FleetSettings);
      }
    }
  }

  /** Buckets opened (made on first use), then every listener told; a failure is retried. */
  private async becomeReady(connection: NatsConnection, fleet: FleetSettings): Promise<void> {
    for (let attempt = 1; !this.closing && !connection.isClosed(); attempt += 1) {
      try {
        this.buckets ??= await openBuckets(connection, fleet);
        this.link = fleetLink('connected', { server: connection.getServer() });
        for (const listener of this.listeners) await listener(connection, this.buckets);
        this.logger.log(`${fleet.role === 'watcher' ? 'watching the fleet (not a member) on the store of' : 'joined the fleet as'} ${fleet.nodeName} through ${connection.getServer()}`);
        return;
      } catch (error) {
        this.link.last_error = this.redactor.redact((error as Error).message);
        this.logger.warn(`fleet set-up failed (attempt ${attempt}): ${this.link.last_error}`);
        await sleep(Math.min(500 * attempt, 5_000));
      }
    }
  }
}

async function openBuckets(connection: NatsConnection, fleet: FleetSettings): Promise<FleetBuckets> {
  const { Kvm } = await import('@nats-io/kv');
  const kvm = new Kvm(connection);
  const clusterSize = Math.max(fleet.servers.length, (connection.info?.connect_urls ?? []).length);
  const replicas = fleet.replicas ?? (clusterSize >= 3 ? 3 : 1);
  const buckets: FleetBuckets = {
    presence: await kvm.create(FLEET_BUCKETS.presence, { replicas, history: 1, ttl: fleet.presenceTtlS * 1000 }),
    nodes: await kvm.create(FLEET_BUCKETS.nodes, { replicas, history: 1 }),
    services: await kvm.create(FLEET_BUCKETS.services, { replicas, history: 1 }),
    configs: await kvm.create(FLEET_BUCKETS.configs, { replicas, history: CONFIG_HISTORY }),
  };
  await Promise.all(Object.values(buckets).map((bucket) => untilLed(bucket, replicas)));
  return buckets;
}

/**
 * A replicated bucket just made takes writes only once its stream has elected a leader;
 * until then a write waits out its whole timeout (seen with nats-server 2.9: a node's
 * first card write lost 5 s while several nodes started together). Bounded: after
 * LEADER_WAIT_MS the set-up goes on and a failed write is retried as any other.
 */
async function untilLed(bucket: KV, replicas: number): Promise<void> {
  if (replicas <= 1) return;
  const deadline = Date.now() + LEADER_WAIT_MS;
  while (Date.now() < deadline) {
    const info = await bucket.status().then((status) => status.streamInfo, () => null);
    if (info?.cluster?.leader) return;
    await sleep(100);
  }
}

async function authOptions(fleet: FleetSettings): Promise<Record<string, unknown>> {
  switch (fleet.auth.kind) {
    case 'creds': {
      const { credsAuthenticator } = await import('@nats-io/transport-node');
      return { authenticator: credsAuthenticator(await readFile(fleet.auth.file)) };
    }
    case 'user':
      return { user: fleet.auth.user, pass: fleet.auth.password };
    case 'token':
      return { token: fleet.auth.token };
    default:
      return {};
  }
}

function tlsOptions(fleet: FleetSettings): Record<string, string> {
  const tls = fleet.tls;
  const out: Record<string, string> = {};
  if (tls?.caFile) out['caFile'] = tls.caFile;
  if (tls?.certFile) out['certFile'] = tls.certFile;
  if (tls?.keyFile) out['keyFile'] = tls.keyFile;
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
