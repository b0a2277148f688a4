/** Where a node stands with NATS: joined, or running standalone until NATS answers. */
export const FLEET_LINK_STATES = ['standalone', 'connecting', 'connected', 'disconnected'] as const;
export type FleetLinkStateName = (typeof FLEET_LINK_STATES)[number];

export const FLEET_LINK_STATE_TEXT =
  'standalone: no NATS settings; connecting: NATS not reached yet since the start; connected; disconnected: NATS lost, the node runs standalone (its API, checks and store work) and publishes what changed when NATS returns.';

/** What GET /api/system/health and the /api/fleet answers say about the fleet. */
export interface FleetLinkState {
  mode: 'standalone' | 'fleet';
  connected: boolean;
  /** See FLEET_LINK_STATE_TEXT. */
  state: FleetLinkStateName;
  /** The same in a sentence a person can act on (no server address, no error text). */
  message: string;
  /** The NATS server in use, while connected. */
  server: string | null;
  /** Since when the node runs without NATS (null while connected or standalone). */
  disconnected_since: string | null;
  last_error: string | null;
}

const MESSAGES: Record<FleetLinkStateName, string> = {
  standalone: 'standalone: no NATS settings (IPFS_KIT_NATS_URL), this node is not part of a fleet',
  connecting:
    'NATS not reached yet: running standalone (the local API, checks and store work as usual); this node joins the fleet and publishes its services when NATS answers',
  connected: 'connected to NATS: this node is part of the fleet',
  disconnected:
    'NATS lost: running standalone (the local API, checks and store work as usual; the fleet views show the last known copies); changes made meanwhile are published when NATS returns',
};

/** The link in a given state; `since` is when it was lost (disconnected, connecting). */
export function fleetLink(state: FleetLinkStateName, details: { server?: string | null; since?: string | null; lastError?: string | null } = {}): FleetLinkState {
  const connected = state === 'connected';
  return {
    mode: state === 'standalone' ? 'standalone' : 'fleet',
    connected,
    state,
    message: MESSAGES[state],
    server: connected ? (details.server ?? null) : null,
    disconnected_since: state === 'connecting' || state === 'disconnected' ? (details.since ?? new Date().toISOString()) : null,
    last_error: details.lastError ?? null,
  };
}
