import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { DesiredState } from '../common/service-state';
import { ServiceCatalog } from '../services/service-catalog.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { compareAndSet, RevisionConflictError } from './fleet-cas';
import { FleetConnection } from './fleet-connection';
import { decodeJson, encodeJson, type ManagedConfig } from './fleet-records';
import { FleetSecretBox } from './fleet-secret-box';
import { FLEET_BUCKETS } from './fleet-subjects';
import { NodeIdentity } from './node-identity';

export interface ManagedConfigInput {
  type: string;
  config: Record<string, unknown>;
  nodes: string[];
  desired_state?: DesiredState;
  /** The revision the caller read; 0 or absent: the config must not exist yet. */
  revision?: number;
}

export interface StoredManagedConfig {
  value: ManagedConfig;
  revision: number;
}

/** A fleet-managed config deleted: the nodes it was assigned to remove it from their stores. */
export interface DeletedManagedConfig {
  name: string;
  /** The revision of the delete marker. */
  revision: number;
  /** Node ids, names or labels it was assigned to. */
  nodes: string[];
}

/**
 * The desired configs in the configs bucket: read, create or update, delete. Every
 * write is a compare-and-set on the revision the caller read (a concurrent one gets 409
 * and nothing is written or removed); secret fields are encrypted with the fleet key.
 * Applying them to the node's own store is FleetConfigs' part.
 */
@Injectable()
export class FleetConfigWrites {
  private readonly box: FleetSecretBox | null;

  constructor(
    @Inject(API_SETTINGS) settings: ApiSettings,
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly manager: ServiceCatalog,
  ) {
    this.box = settings.fleet ? new FleetSecretBox(settings.fleet.fleetKey) : null;
  }

  async get(name: string): Promise<StoredManagedConfig | null> {
    const entry = await this.live().buckets.configs.get(name);
    if (!entry || entry.operation !== 'PUT') return null;
    const value = decodeJson<ManagedConfig>(entry.value);
    return value ? { value, revision: entry.revision } : null;
  }

  /** Writes a desired config if `revision` is still the current one; 409 otherwise, nothing written. */
  async put(name: string, input: ManagedConfigInput): Promise<StoredManagedConfig> {
    const box = this.box as FleetSecretBox;
    this.live();
    this.manager.rememberSecrets(input.type, input.config);
    await this.manager.validate(input.type, input.config);
    const self = await this.identity.load();
    const value: ManagedConfig = {
      name,
      type: input.type,
      config: box.encryptFields(input.config, this.manager.secretFields(input.type)),
      nodes: [...new Set(input.nodes)],
      desired_state: input.desired_state ?? null,
      updated_at: new Date().toISOString(),
      updated_by: self.id,
    };
    const revision = input.revision ?? 0;
    try {
      return { value, revision: await this.write(name, encodeJson(value), revision) };
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      throw await this.conflict(name, revision);
    }
  }

  /** Deletes a desired config if `revision` is still the current one; 404 when there is none, 409 on a stale revision. */
  async remove(name: string, revision: number): Promise<DeletedManagedConfig> {
    const current = await this.get(name);
    if (!current) throw new NotFoundException(`the fleet has no managed config named ${name}`);
    if (current.revision !== revision) throw await this.conflict(name, revision);
    try {
      return { name, revision: await compareAndSet(this.live().connection, FLEET_BUCKETS.configs, name, null, revision), nodes: current.value.nodes };
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      throw await this.conflict(name, revision);
    }
  }

  /**
   * A create (revision 0) of a config deleted before finds its delete marker as the last
   * revision: it is written over that marker, still by compare-and-set.
   */
  private async write(name: string, data: Uint8Array, revision: number): Promise<number> {
    const { connection, buckets } = this.live();
    try {
      return await compareAndSet(connection, FLEET_BUCKETS.configs, name, data, revision);
    } catch (error) {
      if (!(error instanceof RevisionConflictError) || revision !== 0) throw error;
      const last = await buckets.configs.get(name).catch(() => null);
      if (!last || last.operation === 'PUT') throw error;
      return compareAndSet(connection, FLEET_BUCKETS.configs, name, data, last.revision);
    }
  }

  private async conflict(name: string, revision: number): Promise<ConflictException> {
    const current = await this.live()
      .buckets.configs.get(name)
      .catch(() => null);
    const now = current && current.operation === 'PUT' ? current.revision : null;
    return new ConflictException(
      revision === 0
        ? `the fleet config ${name} already exists (revision ${now ?? 'unknown'}): send the revision you read`
        : `the fleet config ${name} changed since revision ${revision} (now ${now === null ? 'deleted' : `revision ${now}`}): read it again`,
    );
  }

  private live(): NonNullable<FleetConnection['current']> {
    const live = this.connection.current;
    if (!live || !this.box) throw new HttpException('this node is not connected to the fleet (NATS); try again when it is', HttpStatus.SERVICE_UNAVAILABLE);
    return live;
  }
}
