import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { initialState, normalizeState, type ServiceState } from './service-state';

/** state/<name>.json, read leniently (the original's files too) and updated under the file's lock. */
@Injectable()
export class ServiceStateStore {
  constructor(private readonly store: MetadataManager) {}

  async get(name: string): Promise<ServiceState> {
    return normalizeState(await this.store.getServiceState(name));
  }

  /** Read-modify-write; `update` gets the current state (defaults when there is none). */
  async update(name: string, update: (current: ServiceState) => ServiceState): Promise<ServiceState> {
    const written = await this.store.updateServiceState(name, (current) => {
      const next = update(current ? normalizeState(current) : initialState());
      return { ...next } as unknown as Record<string, unknown>;
    });
    return normalizeState(written);
  }

  async delete(name: string): Promise<void> {
    await this.store.deleteServiceState(name);
  }
}
