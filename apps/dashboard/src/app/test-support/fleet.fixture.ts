import type { FleetLinkDto, FleetNodeDto, FleetServiceDto, SystemHealthDto } from '@ipfs-kit/sdk';
import { serviceBasics } from './service-basics.fixture';

export const CONNECTED: FleetLinkDto = {
  mode: 'fleet',
  connected: true,
  state: 'connected',
  message: 'connected to NATS: this node is part of the fleet',
  server: 'nats://127.0.0.1:4222',
  disconnected_since: null,
  last_error: null,
  node_id: 'aaaaaaaa-0000-4000-8000-000000000001',
  node_name: 'paris',
};

/** A node of the fleet: online, with no services, unless overridden. */
export function fleetNode(name: string, overrides: Partial<FleetNodeDto> = {}): FleetNodeDto {
  return {
    id: `${name}-id-0000-4000-8000-000000000000`,
    name,
    labels: [],
    online: true,
    self: false,
    last_seen: new Date().toISOString(),
    version: '1.0.0',
    started_at: '2026-01-01T00:00:00.000Z',
    host: null,
    services: { total: 0, healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 },
    ...overrides,
  };
}

/** One node's copy of a service: running and healthy, up across the fleet, unless overridden. */
export function fleetRow(name: string, node: string, overrides: Partial<FleetServiceDto> = {}): FleetServiceDto {
  return {
    ...serviceBasics(name),
    last_check: '2026-01-01T00:00:00.000Z',
    latency_ms: 4,
    node_id: `${node}-id-0000-4000-8000-000000000000`,
    node_name: node,
    node_online: true,
    error: null,
    updated_at: '2026-01-01T00:00:00.000Z',
    fleet_status: 'up',
    ...overrides,
  };
}

/** The health of a node, in fleet mode when `fleet` is given. */
export function healthOf(fleet?: SystemHealthDto['fleet']): SystemHealthDto {
  return {
    status: 'healthy',
    services_total: 0,
    services_healthy: 0,
    services_started: 0,
    uptime: 1,
    checked_at: '2026-01-01T00:00:00.000Z',
    ...(fleet ? { fleet } : {}),
  };
}
