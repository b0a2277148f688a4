import { Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BackendRegistry } from './backend-registry';

/**
 * The registry plus every backend module. Adding a backend: its own folder with a
 * `*-backend.module.ts`, and one line in BACKEND_MODULES below.
 */
const BACKEND_MODULES: Type[] = [
  // backend modules are listed here, one per line
];

@Module({
  imports: [DiscoveryModule, ...BACKEND_MODULES],
  providers: [BackendRegistry],
  exports: [BackendRegistry],
})
export class BackendsModule {}
