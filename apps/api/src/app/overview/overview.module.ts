import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ServicesModule } from '../services/services.module';
import { OverviewController } from './overview.controller';
import { OverviewReads } from './overview.service';
import { RecentChecks } from './recent-checks.service';

@Module({
  imports: [ServicesModule, MonitoringModule],
  controllers: [OverviewController],
  providers: [OverviewReads, RecentChecks],
})
export class OverviewModule {}
