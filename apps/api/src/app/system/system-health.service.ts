import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { FleetConnection } from '../fleet/fleet-connection';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceStateStore } from '../services/service-state.store';
import type { SystemHealthDto } from './system.dto';

/** The original's /api/system/health, from stored states only (never waits on a backend). */
@Injectable()
export class SystemHealthService {
  private readonly startedAt = Date.now();

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
      const states = this.catalog.list().map((record) => this.states.peek(record.name));
      const readable = states.filter((state) => state !== null);
      const started = readable.filter((state) => state.desired_state === 'started');
      const healthy = readable.filter((state) => state.status === 'running' && state.health === 'healthy');
      const problems = this.catalog.problems().length;
      const allWell = problems === 0 && started.every((state) => state.status === 'running' && state.health === 'healthy');
      return {
        status: allWell ? 'healthy' : 'degraded',
        services_total: this.catalog.size(),
        services_healthy: healthy.length,
        services_started: started.length,
        ...base,
      };
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
