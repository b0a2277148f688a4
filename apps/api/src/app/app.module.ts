import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { BackupModule } from './backup/backup.module';
import { EventsModule } from './events/events.module';
import { FleetModule } from './fleet/fleet.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { BODY_VALIDATION, validationExceptionFactory } from './http/validation-errors';
import { LeaseModule } from './lease/lease.module';
import { McpModule } from './mcp/mcp.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { OverviewModule } from './overview/overview.module';
import { DaemonLogsModule } from './daemon-logs/daemon-logs.module';
import { ServicesModule } from './services/services.module';
import type { ApiSettings } from './settings/api-settings';
import { SettingsModule } from './settings/settings.module';
import { StoreModule } from './store/store.module';
import { SystemModule } from './system/system.module';

@Module({})
export class AppModule {
  static register(settings: ApiSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.register(settings),
        ScheduleModule.forRoot(),
        StoreModule,
        LeaseModule,
        EventsModule,
        AuthModule,
        ServicesModule,
        MonitoringModule,
        OverviewModule,
        DaemonLogsModule,
        SystemModule,
        BackupModule,
        McpModule,
        AlertsModule,
        FleetModule,
      ],
      providers: [
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            ...BODY_VALIDATION,
            transform: true,
            exceptionFactory: validationExceptionFactory,
          }),
        },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
