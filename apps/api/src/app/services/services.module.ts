import { Module } from '@nestjs/common';
import { BackendsModule } from '@ipfs-kit/backends';
import { BackendStatsService } from './backend-stats.service';
import { BackendsController } from './backends.controller';
import { ServiceChecker } from './service-checker.service';
import { ServiceLifecycle } from './service-lifecycle.service';
import { ServiceManager } from './service-manager.service';
import { ServiceReads } from './service-reads.service';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import { ServiceTester } from './service-tester.service';
import { ServicesController } from './services.controller';

@Module({
  imports: [BackendsModule],
  controllers: [ServicesController, BackendsController],
  providers: [
    ServiceManager,
    ServiceStateStore,
    ServiceSnapshotStore,
    ServiceChecker,
    ServiceLifecycle,
    ServiceReads,
    ServiceTester,
    BackendStatsService,
  ],
  exports: [ServiceManager, ServiceStateStore, ServiceSnapshotStore, ServiceChecker, ServiceLifecycle, ServiceReads, ServiceTester],
})
export class ServicesModule {}
