import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BackendRegistry } from './backend-registry';
import { BACKEND_DRIVERS } from './backend-drivers';

/** The registry plus every driver of BACKEND_DRIVERS; the registry finds them by their `@StorageBackend()` mark. */
@Module({
  imports: [DiscoveryModule],
  providers: [BackendRegistry, ...BACKEND_DRIVERS],
  exports: [BackendRegistry],
})
export class BackendsModule {}
