import type { DesiredState, ServiceHealth, ServiceStatus } from '../common/service-state';

/** The values the fleet keeps in its buckets. None of them ever holds a secret in clear. */

/** presence bucket: one heartbeat per node, gone after the bucket's TTL. */
export interface Heartbeat {
  node_id: string;
  at: string;
}

export interface NodeHostCopy {
  cpu_percent: number | null;
  memory_used_bytes: number | null;
  memory_total_bytes: number | null;
  disk_used_bytes: number | null;
  disk_total_bytes: number | null;
}

/** nodes bucket: a node's card, kept after it goes offline. */
export interface NodeCard {
  node_id: string;
  name: string;
  labels: string[];
  version: string;
  started_at: string;
  updated_at: string;
  /** The last heartbeat this node sent before writing the card. */
  last_heartbeat_at: string;
  host: NodeHostCopy | null;
}

/** services bucket: a node's copy of one service's status (errors with secrets masked). */
export interface ServiceCopy {
  node_id: string;
  name: string;
  type: string;
  status: ServiceStatus;
  health: ServiceHealth;
  desired_state: DesiredState;
  last_check: string | null;
  latency_ms: number | null;
  error: { code: string; message: string } | null;
  updated_at: string;
}

/** configs bucket: a fleet-managed service config and the nodes (ids, names or labels) it belongs on. */
export interface ManagedConfig {
  name: string;
  type: string;
  /** Secret fields encrypted with the fleet key. */
  config: Record<string, unknown>;
  nodes: string[];
  desired_state: DesiredState | null;
  updated_at: string;
  /** The node that wrote this revision. */
  updated_by: string;
}

/** A remote-control request, signed with the fleet key. */
export interface ControlRequest {
  action: ControlAction;
  service: string;
  node_id: string;
  at: string;
  nonce: string;
  signature: string;
}

export const CONTROL_ACTIONS = ['start', 'stop', 'restart', 'check'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** The answer to a remote-control request: what the local call would have answered over HTTP. */
export interface ControlReply {
  statusCode: number;
  body: unknown;
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T | null {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    return null;
  }
}
