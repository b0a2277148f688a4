import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { ServicesModule } from '../services/services.module';
import { AlertChannelsController } from './alert-channels.controller';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertHistory } from './alert-history';
import { AlertHistoryController } from './alert-history.controller';
import { AlertNotifier } from './alert-notifier.service';
import { AlertOutbox } from './alert-outbox';
import { AlertReads } from './alert-reads.service';
import { AlertRulesController } from './alert-rules.controller';
import { AlertsBackup } from './alerts-backup.service';
import { AlertsConfigStore } from './alerts-config.store';
import { AlertsRereads } from './alerts-rereads';
import { FiringAlerts } from './firing-alerts.store';
import { MaintenanceController } from './maintenance.controller';

/** Alerts: rules on the services' events, channels, maintenance windows, a durable outbox. */
@Module({
  imports: [ServicesModule, FleetModule],
  controllers: [AlertChannelsController, AlertRulesController, MaintenanceController, AlertHistoryController],
  providers: [AlertsConfigStore, AlertOutbox, AlertHistory, FiringAlerts, AlertDispatcher, AlertNotifier, AlertEvaluator, AlertReads, AlertsBackup, AlertsRereads],
  exports: [AlertEvaluator, FiringAlerts, AlertReads, AlertsConfigStore, AlertsBackup],
})
export class AlertsModule {}
