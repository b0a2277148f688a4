import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { BackendTypeId } from './backend-types';
import { describeConfigFields, secretFieldNames, type ConfigFieldDescription } from '../contract/config-field.decorator';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';

/** A type as the API serves it: identity, capabilities, form fields, templates. */
export interface BackendTypeDescription {
  type: BackendTypeId;
  display_name: string;
  description: string;
  capabilities: BackendCapabilities;
  fields: ConfigFieldDescription[];
  secret_fields: string[];
  templates: readonly BackendTemplate[];
}

export class DuplicateBackendTypeError extends Error {
  constructor(type: string, first: string, second: string) {
    super(`backend type "${type}" is registered twice: by ${first} and by ${second}`);
  }
}

export class UnknownBackendTypeError extends Error {
  constructor(readonly type: string) {
    super(`unknown service type "${type}"`);
  }
}

/** Collects every `@StorageBackend()` provider at start-up; rejects duplicate type ids. */
@Injectable()
export class BackendRegistry implements OnModuleInit {
  private readonly logger = new Logger(BackendRegistry.name);
  private readonly drivers = new Map<BackendTypeId, StorageBackendDriver>();
  private readonly descriptions = new WeakMap<StorageBackendDriver, BackendTypeDescription>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: StorageBackend.KEY })) {
      const driver = wrapper.instance as StorageBackendDriver | undefined;
      if (!driver || seen.has(driver)) continue;
      seen.add(driver);
      this.register(driver);
    }
    this.logger.log(`storage backends: ${[...this.drivers.keys()].sort().join(', ') || 'none'}`);
  }

  register(driver: StorageBackendDriver): void {
    const existing = this.drivers.get(driver.type as BackendTypeId);
    if (existing) throw new DuplicateBackendTypeError(driver.type, existing.constructor.name, driver.constructor.name);
    this.drivers.set(driver.type as BackendTypeId, driver);
  }

  has(type: string): type is BackendTypeId {
    return this.drivers.has(type as BackendTypeId);
  }

  get(type: string): StorageBackendDriver {
    const driver = this.drivers.get(type as BackendTypeId);
    if (!driver) throw new UnknownBackendTypeError(type);
    return driver;
  }

  types(): BackendTypeId[] {
    return [...this.drivers.keys()].sort();
  }

  /**
   * A type's description, built once (a driver never changes once registered): status
   * answers ask for the secret fields of a type on every request. Frozen, as it is shared.
   */
  describe(type: string): BackendTypeDescription {
    const driver = this.get(type);
    const cached = this.descriptions.get(driver);
    if (cached) return cached;
    const description: BackendTypeDescription = Object.freeze({
      type: driver.type as BackendTypeId,
      display_name: driver.displayName,
      description: driver.description,
      capabilities: driver.capabilities,
      fields: describeConfigFields(driver.configClass),
      secret_fields: secretFieldNames(driver.configClass),
      templates: driver.templates,
    });
    this.descriptions.set(driver, description);
    return description;
  }

  describeAll(): BackendTypeDescription[] {
    return this.types().map((type) => this.describe(type));
  }
}
