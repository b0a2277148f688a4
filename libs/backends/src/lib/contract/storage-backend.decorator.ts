import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider as a storage backend driver. The BackendRegistry finds every
 * provider carrying it at start-up: no hand-kept list of drivers.
 */
export const StorageBackend = DiscoveryService.createDecorator<void>();
