import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertHistory } from './alert-history';
import { AlertHistoryDto, AlertStatusDto, HistoryQueryDto } from './alert-history.dto';
import { AlertOutbox, type OutboxEntry } from './alert-outbox';
import { historyView } from './alert-views';
import { FiringAlerts } from './firing-alerts.store';

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('alerts')
export class AlertHistoryController {
  constructor(
    private readonly history: AlertHistory,
    private readonly outbox: AlertOutbox,
    private readonly firing: FiringAlerts,
    private readonly evaluator: AlertEvaluator,
  ) {}

  @Get('history')
  @ApiOperation({ summary: 'Alert messages, newest first, with the delivery state per channel' })
  @ApiOkResponse({ type: AlertHistoryDto })
  @ApiErrors(400)
  getAlertHistory(@Query() query: HistoryQueryDto): AlertHistoryDto {
    const pending = new Map<string, OutboxEntry>();
    for (const entry of this.outbox.pending()) pending.set(`${entry.notice.dedupe_key}.${entry.channel}`, entry);
    const entries = this.history.list({ service: query.service, rule: query.rule, limit: query.limit ?? 100 });
    return { alerts: entries.map((entry) => historyView(entry, this.history.deliveriesOf(entry.notice.dedupe_key), pending)) };
  }

  @Get('status')
  @NoQuery()
  @ApiOperation({ summary: 'Alerts firing now and services in maintenance' })
  @ApiOkResponse({ type: AlertStatusDto })
  getAlertStatus(): AlertStatusDto {
    const now = new Date();
    const maintenance = this.evaluator
      .serviceNames()
      .map((service) => ({ service, active: this.evaluator.maintenanceOf(service, now) }))
      .filter((item) => item.active !== null)
      .map((item) => ({ service: item.service, window: item.active?.window ?? '', until: item.active?.until ?? '' }));
    const firing = this.firing
      .all()
      .sort((a, b) => b.started_at.localeCompare(a.started_at))
      .map((alert) => ({
        alert_id: alert.alert_id,
        rule: alert.rule,
        condition: alert.condition,
        service: alert.service,
        service_type: alert.service_type,
        started_at: alert.started_at,
        last_sent_at: alert.last_sent_at,
        value: alert.value,
        message: alert.message,
      }));
    return { firing, maintenance, pending_deliveries: this.outbox.pending().length };
  }
}
