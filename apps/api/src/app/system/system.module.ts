import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ServicesModule } from '../services/services.module';
import { SystemHealthService } from './system-health.service';
import { SystemController } from './system.controller';

@Module({
  imports: [ServicesModule, MonitoringModule],
  controllers: [SystemController],
  providers: [SystemHealthService],
  exports: [SystemHealthService],
})
export class SystemModule {}
