import { Injectable } from '@nestjs/common';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertHistory } from './alert-history';
import type { AlertHistoryDto, AlertStatusDto } from './alert-history.dto';
import { AlertOutbox, type OutboxEntry } from './alert-outbox';
import { historyView } from './alert-views';
import { FiringAlerts } from './firing-alerts.store';

/** The alerts' read answers (firing now, maintenance, history with delivery state), from memory; REST and MCP both call these. */
@Injectable()
export class AlertReads {
  constructor(
    private readonly history: AlertHistory,
    private readonly outbox: AlertOutbox,
    private readonly firing: FiringAlerts,
    private readonly evaluator: AlertEvaluator,
  ) {}

  recent(filter: { service?: string; rule?: string; limit: number }): AlertHistoryDto {
    const pending = new Map<string, OutboxEntry>();
    for (const entry of this.outbox.pending()) pending.set(`${entry.notice.dedupe_key}.${entry.channel}`, entry);
    const entries = this.history.list(filter);
    return { alerts: entries.map((entry) => historyView(entry, this.history.deliveriesOf(entry.notice.dedupe_key), pending)) };
  }

  status(now = new Date()): AlertStatusDto {
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
