import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ServicesModule } from '../services/services.module';
import { SystemHealthService } from './system-health.service';
import { SystemController } from './system.controller';

@Module({
  imports: [ServicesModule, MonitoringModule, FleetModule],
  controllers: [SystemController],
  providers: [SystemHealthService],
  exports: [SystemHealthService],
})
export class SystemModule {}
