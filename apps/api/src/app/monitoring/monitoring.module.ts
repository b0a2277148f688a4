import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { EventsController } from './events.controller';
import { HealthCheckScheduler } from './health-check.scheduler';
import { HistoryJobs } from './history-jobs.service';
import { HistoryRecorder } from './history-recorder.service';
import { HistoryStore } from './history.store';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { MonitoringReads } from './monitoring-reads.service';
import { MonitoringController } from './monitoring.controller';
import { ResourceMonitor } from './resource-monitor.service';
import { StatusChangeRecorder } from './status-change-recorder.service';
import { StatusChangesController } from './status-changes.controller';
import { StorageSampler } from './storage-sampler.service';

@Module({
  imports: [ServicesModule],
  controllers: [MonitoringController, StatusChangesController, EventsController, MetricsController],
  providers: [
    HistoryStore,
    HistoryRecorder,
    StatusChangeRecorder,
    StorageSampler,
    HistoryJobs,
    HealthCheckScheduler,
    ResourceMonitor,
    MetricsService,
    MonitoringReads,
  ],
  exports: [HistoryStore, HistoryRecorder, HistoryJobs, HealthCheckScheduler, ResourceMonitor, MonitoringReads],
})
export class MonitoringModule {}
