import { Injectable, NotFoundException } from '@nestjs/common';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceSnapshotStore } from '../services/service-snapshot.store';
import { freshness, FRESHNESS_S } from '../services/services.mapper';
import { historyRange } from './history-range';
import { HistoryStore } from './history.store';
import type { HistoryQueryDto, HistoryResponseDto, MonitoringMetricDto, MonitoringSnapshotDto } from './monitoring.dto';
import type { StatusChangeDto, StatusChangesQueryDto, StatusChangesResponseDto } from './status-changes.dto';

const STATUS_CHANGES_SINCE_MS = 30 * 86_400_000;

/** The latest snapshot and the history of services and of the host. */
@Injectable()
export class MonitoringReads {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly history: HistoryStore,
  ) {}

  async snapshot(name: string): Promise<MonitoringSnapshotDto> {
    this.catalog.get(name); // 404
    const snapshot = this.snapshots.get(name);
    if (!snapshot) {
      return { service: name, timestamp: null, data: {}, message: 'No monitoring data available', ...freshness('metadata', null, FRESHNESS_S.status) };
    }
    return {
      service: name,
      timestamp: snapshot.timestamp,
      data: snapshot.data as unknown as Record<string, unknown>,
      ...freshness('metadata', snapshot.timestamp, FRESHNESS_S.status),
    };
  }

  async metric(name: string, metricType: string): Promise<MonitoringMetricDto> {
    this.catalog.get(name); // 404
    const snapshot = this.snapshots.get(name);
    const data = snapshot?.data as Record<string, unknown> | undefined;
    const value = data && Object.prototype.hasOwnProperty.call(data, metricType) ? data[metricType] : undefined;
    if (value === undefined || value === null || typeof value !== 'object') {
      throw new NotFoundException(`No '${metricType.slice(0, 40)}' monitoring data for service '${name}'`);
    }
    return { service: name, metric_type: metricType, timestamp: snapshot?.timestamp ?? null, data: value as Record<string, unknown> };
  }

  async serviceHistory(name: string, series: string, query: HistoryQueryDto): Promise<HistoryResponseDto> {
    this.catalog.get(name); // 404
    return this.seriesHistory(name, name, series, query);
  }

  async seriesHistory(label: string, subject: string, series: string, query: HistoryQueryDto): Promise<HistoryResponseDto> {
    const range = historyRange(query);
    const answer = this.history.query({ subject, series }, range);
    return {
      subject: label,
      series,
      resolution: range.resolution,
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      truncated: answer.truncated,
      points: answer.points,
    };
  }

  /** A service's stored status changes, newest first (bounded by `limit`). */
  statusChanges(name: string, query: StatusChangesQueryDto, now = Date.now()): StatusChangesResponseDto {
    this.catalog.get(name); // 404
    const since = query.since ? Date.parse(query.since) : now - STATUS_CHANGES_SINCE_MS;
    const limit = query.limit ?? 100;
    const rows = this.history.statusChanges(name, since, limit + 1);
    const changes = rows.slice(0, limit).map(
      (row): StatusChangeDto => ({
        at: new Date(row.t).toISOString(),
        from_status: row.from_status as StatusChangeDto['from_status'],
        from_health: row.from_health as StatusChangeDto['from_health'],
        to_status: row.to_status as StatusChangeDto['to_status'],
        to_health: row.to_health as StatusChangeDto['to_health'],
        code: row.code,
        reason: row.reason,
      }),
    );
    return { service: name, since: new Date(since).toISOString(), truncated: rows.length > limit, changes };
  }
}
