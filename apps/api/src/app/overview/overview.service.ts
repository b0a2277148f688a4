import { Injectable } from '@nestjs/common';
import type { ServiceState } from '../common/service-state';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceMaintenance } from '../services/service-maintenance';
import { ServiceStateStore } from '../services/service-state.store';
import { UNREADABLE_CODE } from '../services/services.mapper';
import { SecretRedactor } from '../store/secret-redactor';
import { RecentChecks } from './recent-checks.service';
import type { OverviewCountsDto, OverviewResponseDto, RecentCheckDto, ServiceOverviewDto } from './overview.dto';

/** Every service with its status, health, reason, latency and last checks: the dashboard's overview in one answer. */
@Injectable()
export class OverviewReads {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly recent: RecentChecks,
    private readonly redactor: SecretRedactor,
    private readonly maintenance: ServiceMaintenance,
  ) {}

  async overview(checkCount: number): Promise<OverviewResponseDto> {
    // From memory; a service whose files cannot be read is listed with status error and the problem as reason.
    const records = this.catalog.list();
    const checks = await this.recent.of(
      records.map((record) => record.name),
      checkCount,
    );
    const services = records.map((record) => {
      const state = this.states.peek(record.name);
      return state
        ? this.row(record.name, record.type, state, this.catalog.isSupported(record.type), checks.get(record.name) ?? [])
        : this.problemRow(record.name, record.type);
    });
    for (const problem of this.catalog.problems()) {
      if (!this.catalog.find(problem.name)) services.push(this.problemRow(problem.name, 'unknown', problem.message));
    }
    services.sort((a, b) => a.name.localeCompare(b.name));
    return {
      generated_at: new Date().toISOString(),
      available_types: this.catalog.availableTypes(),
      counts: countsOf(services),
      services,
    };
  }

  private problemRow(name: string, type: string, message?: string): ServiceOverviewDto {
    const reason = message ?? this.catalog.problems().find((problem) => problem.name === name)?.message ?? 'the service cannot be read';
    return {
      maintenance: null,
      name,
      type,
      status: 'error',
      health: 'unknown',
      desired_state: 'stopped',
      supported: false,
      reason: this.redactor.redact(reason),
      reason_code: UNREADABLE_CODE,
      latency_ms: null,
      last_check: null,
      checks: [],
    };
  }

  private row(
    name: string,
    type: string,
    state: ServiceState,
    supported: boolean,
    checks: RecentCheckDto[],
  ): ServiceOverviewDto {
    let reason: { code: string; message: string } | null = null;
    if (!supported) reason = { code: 'unsupported', message: `no driver for service type "${type}" is installed` };
    else if (state.error && (state.health !== 'healthy' || state.status === 'error')) reason = state.error;
    return {
      maintenance: this.maintenance.of(name, type),
      name,
      type,
      status: state.status,
      health: state.health,
      desired_state: state.desired_state,
      supported,
      reason: reason ? this.redactor.redact(reason.message) : null,
      reason_code: reason?.code ?? null,
      latency_ms: state.latency_ms,
      last_check: state.last_check,
      checks,
    };
  }
}

function countsOf(services: ServiceOverviewDto[]): OverviewCountsDto {
  const counts: OverviewCountsDto = { total: services.length, by_status: {}, by_health: {}, by_type: {} };
  for (const service of services) {
    counts.by_status[service.status] = (counts.by_status[service.status] ?? 0) + 1;
    counts.by_health[service.health] = (counts.by_health[service.health] ?? 0) + 1;
    counts.by_type[service.type] = (counts.by_type[service.type] ?? 0) + 1;
  }
  return counts;
}
