import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ServicesModule } from '../services/services.module';
import { FleetConfigWrites } from './fleet-config-writes.service';
import { FleetConfigs } from './fleet-configs.service';
import { FleetConnection } from './fleet-connection';
import { FleetReads } from './fleet-reads.service';
import { FleetRuntime } from './fleet-runtime.service';
import { FleetViews } from './fleet-views.service';
import { FleetController } from './fleet.controller';
import { NodeIdentity } from './node-identity';
import { PresenceService } from './presence.service';
import { RemoteControl } from './remote-control.service';
import { StatusPublisher } from './status-publisher.service';

/**
 * Fleet mode over NATS JetStream. Always registered (its routes answer 409 on a
 * standalone node); it connects and loads the NATS client only with IPFS_KIT_NATS_URL.
 */
@Module({
  imports: [ServicesModule, MonitoringModule],
  controllers: [FleetController],
  providers: [FleetConnection, NodeIdentity, StatusPublisher, PresenceService, FleetViews, RemoteControl, FleetConfigs, FleetConfigWrites, FleetReads, FleetRuntime],
  exports: [FleetConnection, NodeIdentity, FleetReads, FleetViews, RemoteControl],
})
export class FleetModule {}
