import { ConflictException, Injectable } from '@nestjs/common';
import { FleetConnection } from './fleet-connection';
import type { FleetLinkState } from './fleet-link';
import { fleetStateOf, nodeRows, serviceRows, type FleetNodeRow, type FleetServiceFilter, type FleetServiceRow, type FleetServiceState } from './fleet-queries';
import { FleetViews } from './fleet-views.service';
import { NodeIdentity } from './node-identity';

const STANDALONE = 'this node runs standalone: set IPFS_KIT_NATS_URL (and IPFS_KIT_FLEET_KEY) to join a fleet';

/** The link as the fleet answers show it: its state and this node's id and name. */
export interface FleetLinkView extends FleetLinkState {
  node_id: string | null;
  node_name: string | null;
}

/** One service across the fleet, from memory. */
export interface FleetServiceStatus {
  name: string;
  fleet_status: FleetServiceState;
  nodes: FleetServiceRow[];
}

/**
 * The fleet's read answers, from memory (the copies FleetViews keeps), for the REST
 * routes and the MCP tools alike. Every one fails with 409 on a standalone node; while
 * NATS is lost they answer the last known copies and say so in `fleet`.
 */
@Injectable()
export class FleetReads {
  constructor(
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly views: FleetViews,
  ) {}

  /** The link state; 409 on a standalone node. */
  link(): FleetLinkView {
    const state = this.connection.state;
    if (state.mode === 'standalone') throw new ConflictException(STANDALONE);
    return { ...state, node_id: this.identity.current?.id ?? null, node_name: this.identity.current?.name ?? null };
  }

  nodes(): { fleet: FleetLinkView; nodes: FleetNodeRow[] } {
    return { fleet: this.link(), nodes: nodeRows(this.views, this.views.selfId()) };
  }

  services(filter: FleetServiceFilter): { fleet: FleetLinkView; total: number; services: FleetServiceRow[] } {
    const fleet = this.link();
    const services = serviceRows(this.views, filter);
    return { fleet, total: services.length, services };
  }

  /** Each node's result for one service and the fleet status (no node has it: an empty list, unknown). */
  serviceStatus(name: string): FleetServiceStatus {
    this.link();
    const nodes = serviceRows(this.views, { name });
    return { name, fleet_status: fleetStateOf(nodes), nodes };
  }
}
