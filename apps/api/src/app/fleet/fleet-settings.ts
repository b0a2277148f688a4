import { hostname } from 'node:os';
import { resolve } from 'node:path';

export type FleetEnv = Readonly<Record<string, string | undefined>>;

/** A fleet setting that cannot be used: the API does not start. */
export class FleetSettingsError extends Error {}

/**
 * What a process on a node's store does in the fleet. The API is the node's one
 * `member`: it heartbeats, publishes its status copies, answers remote control for the
 * node and applies fleet configs. The stdio MCP server on the same store is a `watcher`:
 * it reads the fleet and sends remote-control requests, and does nothing else, so one
 * store stays one fleet member.
 */
export type FleetRole = 'member' | 'watcher';

/** The parts of the fleet runtime a process runs, decided by its role alone. */
export interface FleetParts {
  /** Heartbeats and the node's card (presence). */
  presence: boolean;
  /** Status copies of the store's services published into NATS. */
  statusCopies: boolean;
  /** Remote-control requests for this node answered. */
  controlAnswers: boolean;
  /** Fleet-managed configs applied to the store. */
  configs: boolean;
  /** The store's node is this process: its rows come from the store and it is always online (a watcher reads them from NATS). */
  self: boolean;
}

/** Every role keeps the read-only views and may send remote-control requests; only a member acts for the node. */
export function fleetParts(role: FleetRole): FleetParts {
  const member = role === 'member';
  return { presence: member, statusCopies: member, controlAnswers: member, configs: member, self: member };
}

/** The same fleet settings for a process that only watches the fleet (null stays null: standalone). */
export function asFleetWatcher(fleet: FleetSettings | null): FleetSettings | null {
  return fleet && { ...fleet, role: 'watcher' };
}

/** How this node reaches the fleet's NATS servers; null settings mean standalone. */
export interface FleetSettings {
  /** `member` from the environment; `watcher` for the stdio MCP server (asFleetWatcher). */
  role: FleetRole;
  /** NATS server URLs (IPFS_KIT_NATS_URL, comma-separated). */
  servers: string[];
  auth: FleetAuth;
  tls: FleetTls | null;
  /** IPFS_KIT_NODE_NAME, the host name by default. */
  nodeName: string;
  /** IPFS_KIT_NODE_LABELS: labels a fleet-managed config can be assigned by. */
  labels: string[];
  /** IPFS_KIT_FLEET_TTL_S: a node without a heartbeat for this long is offline. */
  presenceTtlS: number;
  /** IPFS_KIT_FLEET_KEY: 32 bytes (base64 or hex) that encrypt secrets in NATS and sign remote control. */
  fleetKey: Buffer;
  /** IPFS_KIT_FLEET_REPLICAS: bucket replicas; by default 3 when the cluster has 3 servers or more, else 1. */
  replicas: number | null;
}

export type FleetAuth =
  | { kind: 'creds'; file: string }
  | { kind: 'user'; user: string; password: string }
  | { kind: 'token'; token: string }
  | { kind: 'none' };

export interface FleetTls {
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
}

/**
 * Fleet settings from the environment: null without IPFS_KIT_NATS_URL (standalone, the
 * default). With it, IPFS_KIT_FLEET_KEY is required: secrets never travel in clear and
 * remote control is signed with it.
 */
export function loadFleetSettings(env: FleetEnv): FleetSettings | null {
  const servers = (env['IPFS_KIT_NATS_URL'] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  if (servers.length === 0) return null;
  for (const url of servers) {
    if (!/^(nats|tls|wss?):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
      throw new FleetSettingsError(`IPFS_KIT_NATS_URL: "${url.slice(0, 80)}" is not a NATS server URL (nats://host:port)`);
    }
  }
  const ttl = env['IPFS_KIT_FLEET_TTL_S']?.trim() || '15';
  if (!/^\d+$/.test(ttl) || Number(ttl) < 2 || Number(ttl) > 3_600) throw new FleetSettingsError('IPFS_KIT_FLEET_TTL_S must be a whole number between 2 and 3600');
  const replicas = env['IPFS_KIT_FLEET_REPLICAS']?.trim();
  if (replicas && !['1', '3', '5'].includes(replicas)) throw new FleetSettingsError('IPFS_KIT_FLEET_REPLICAS must be 1, 3 or 5');
  return {
    role: 'member',
    servers,
    auth: authFrom(env),
    tls: tlsFrom(env),
    nodeName: nodeNameFrom(env['IPFS_KIT_NODE_NAME']),
    labels: (env['IPFS_KIT_NODE_LABELS'] ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
    presenceTtlS: Number(ttl),
    fleetKey: fleetKeyFrom(env['IPFS_KIT_FLEET_KEY']),
    replicas: replicas ? Number(replicas) : null,
  };
}

function authFrom(env: FleetEnv): FleetAuth {
  const creds = env['IPFS_KIT_NATS_CREDS']?.trim();
  const user = env['IPFS_KIT_NATS_USER']?.trim();
  const password = env['IPFS_KIT_NATS_PASSWORD'];
  const token = env['IPFS_KIT_NATS_TOKEN']?.trim();
  const given = [creds, user, token].filter(Boolean).length;
  if (given > 1) throw new FleetSettingsError('set one of IPFS_KIT_NATS_CREDS, IPFS_KIT_NATS_USER (with IPFS_KIT_NATS_PASSWORD) or IPFS_KIT_NATS_TOKEN');
  if (creds) return { kind: 'creds', file: resolve(creds) };
  if (user) {
    if (!password) throw new FleetSettingsError('IPFS_KIT_NATS_USER needs IPFS_KIT_NATS_PASSWORD');
    return { kind: 'user', user, password };
  }
  if (token) return { kind: 'token', token };
  return { kind: 'none' };
}

function tlsFrom(env: FleetEnv): FleetTls | null {
  const caFile = env['IPFS_KIT_NATS_TLS_CA']?.trim() || null;
  const certFile = env['IPFS_KIT_NATS_TLS_CERT']?.trim() || null;
  const keyFile = env['IPFS_KIT_NATS_TLS_KEY']?.trim() || null;
  if (!caFile && !certFile && !keyFile) return null;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new FleetSettingsError('IPFS_KIT_NATS_TLS_CERT and IPFS_KIT_NATS_TLS_KEY go together');
  return { caFile: caFile && resolve(caFile), certFile: certFile && resolve(certFile), keyFile: keyFile && resolve(keyFile) };
}

function nodeNameFrom(raw: string | undefined): string {
  const name = raw?.trim() || hostname();
  if (!/^[\x21-\x7e][\x20-\x7e]{0,62}$/.test(name)) throw new FleetSettingsError('IPFS_KIT_NODE_NAME must be 1 to 63 printable characters');
  return name;
}

function fleetKeyFrom(raw: string | undefined): Buffer {
  const value = raw?.trim();
  if (!value) throw new FleetSettingsError('fleet mode (IPFS_KIT_NATS_URL) needs IPFS_KIT_FLEET_KEY: 32 bytes as base64 or hex, the same on every node');
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new FleetSettingsError('IPFS_KIT_FLEET_KEY must be 32 bytes as base64 or hex');
  return key;
}
