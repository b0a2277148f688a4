import { ServiceMaintenance } from './service-maintenance';
import { Module } from '@nestjs/common';
import { BackendsModule } from '@ipfs-kit/backends';
import { BackendStatsService } from './backend-stats.service';
import { BackendsController } from './backends.controller';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceChecker } from './service-checker.service';
import { ServiceConnections } from './service-connections.service';
import { ServiceDataBatch } from './service-data-batch';
import { ServiceLifecycle } from './service-lifecycle.service';
import { ServiceReads } from './service-reads.service';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import { ServiceStateTransitions } from './service-state-transitions.service';
import { ServiceTester } from './service-tester.service';
import { ServicesController } from './services.controller';
import { StatusAllAnswer } from './status-all-answer';

@Module({
  imports: [BackendsModule],
  controllers: [ServicesController, BackendsController],
  providers: [
    ServiceDataBatch,
    ServiceMaintenance,
    ServiceCatalog,
    ServiceConnections,
    ServiceStateStore,
    ServiceStateTransitions,
    ServiceSnapshotStore,
    ServiceChecker,
    ServiceLifecycle,
    ServiceReads,
    StatusAllAnswer,
    ServiceTester,
    BackendStatsService,
  ],
  exports: [
    ServiceMaintenance,
    ServiceCatalog,
    ServiceConnections,
    ServiceStateStore,
    ServiceStateTransitions,
    ServiceSnapshotStore,
    ServiceChecker,
    ServiceLifecycle,
    ServiceReads,
    StatusAllAnswer,
    ServiceTester,
  ],
})
export class ServicesModule {}
