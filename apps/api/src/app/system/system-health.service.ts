import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { FleetConnection } from '../fleet/fleet-connection';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceStateStore } from '../services/service-state.store';
import type { SystemHealthDto } from './system.dto';

type HealthCounts = Pick<SystemHealthDto, 'status' | 'services_total' | 'services_healthy' | 'services_started'>;

/** The original's /api/system/health, from stored states only (never waits on a backend). */
@Injectable()
export class SystemHealthService {
  private readonly startedAt = Date.now();
  private counted: { changes: string; counts: HealthCounts } | null = null;

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly store: MetadataManager,
    private readonly fleet: FleetConnection,
  ) {}

  uptimeS(): number {
    return Math.round((Date.now() - this.startedAt) / 1000);
  }

  startedAtIso(): string {
    return new Date(this.startedAt).toISOString();
  }

  /**
   * The counts over every service's state, kept until something they count may have
   * changed: the public health is what outside checkers poll, and counting 1,000 states
   * cost more than the rest of the answer. Any change of a stored file (config, state,
   * snapshot, or a problem with one: the catalog's change count) or of a pending state
   * (the state store's) is counted again at the next request.
   */
  private counts(): HealthCounts {
    const changes = `${this.catalog.changes()} ${this.states.changes}`;
    if (this.counted?.changes === changes) return this.counted.counts;
    const records = this.catalog.list();
    const states = records.map((record) => this.states.peek(record.name));
    const readable = states.filter((state) => state !== null);
    const started = readable.filter((state) => state.desired_state === 'started');
    const healthy = readable.filter((state) => state.status === 'running' && state.health === 'healthy');
    const problems = this.catalog.problems().length;
    const allWell = problems === 0 && started.every((state) => state.status === 'running' && state.health === 'healthy');
    const counts: HealthCounts = {
      status: allWell ? 'healthy' : 'degraded',
      services_total: this.catalog.size(),
      services_healthy: healthy.length,
      services_started: started.length,
    };
    this.counted = { changes, counts };
    return counts;
  }

  /** Fleet mode only: whether NATS is reachable (the node keeps working standalone when not). */
  private fleetField(authenticated: boolean): { fleet?: SystemHealthDto['fleet'] } {
    const state = this.fleet.state;
    if (state.mode === 'standalone') return {};
    return {
      fleet: authenticated
        ? state
        : { mode: state.mode, connected: state.connected, state: state.state, message: state.message, disconnected_since: state.disconnected_since },
    };
  }

  /** From memory: never waits on a backend or the disk. A service whose files cannot be read counts as not healthy. */
  async health(authenticated: boolean): Promise<SystemHealthDto> {
    const base = {
      uptime: this.uptimeS(),
      checked_at: new Date().toISOString(),
      ...(authenticated ? { metadata_directory: this.store.home } : {}),
      ...this.fleetField(authenticated),
    };
    try {
      return { ...this.counts(), ...base };
    } catch (error) {
      return {
        status: 'error',
        services_total: 0,
        services_healthy: 0,
        services_started: 0,
        ...base,
        error: authenticated ? this.store.redactText((error as Error).message) : 'the metadata store cannot be read',
      };
    }
  }
}
