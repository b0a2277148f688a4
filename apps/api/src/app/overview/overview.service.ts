import { Injectable } from '@nestjs/common';
import { ServiceManager } from '../services/service-manager.service';
import type { ServiceState } from '../services/service-state';
import { ServiceStateStore } from '../services/service-state.store';
import { SecretRedactor } from '../store/secret-redactor';
import { RecentChecks } from './recent-checks.service';
import type { OverviewCountsDto, OverviewResponseDto, RecentCheckDto, ServiceOverviewDto } from './overview.dto';

/** Every service with its status, health, reason, latency and last checks: the dashboard's overview in one answer. */
@Injectable()
export class OverviewReads {
  constructor(
    private readonly manager: ServiceManager,
    private readonly states: ServiceStateStore,
    private readonly recent: RecentChecks,
    private readonly redactor: SecretRedactor,
  ) {}

  async overview(checkCount: number): Promise<OverviewResponseDto> {
    const records = await this.manager.list();
    const [states, checks] = await Promise.all([
      Promise.all(records.map((record) => this.states.get(record.name))),
      this.recent.of(
        records.map((record) => record.name),
        checkCount,
      ),
    ]);
    const services = records.map((record, index) =>
      this.row(
        record.name,
        record.type,
        states[index],
        this.manager.isSupported(record.type),
        checks.get(record.name) ?? [],
      ),
    );
    services.sort((a, b) => a.name.localeCompare(b.name));
    return {
      generated_at: new Date().toISOString(),
      available_types: this.manager.availableTypes(),
      counts: countsOf(services),
      services,
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
