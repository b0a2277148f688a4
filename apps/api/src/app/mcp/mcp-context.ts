import { Injectable } from '@nestjs/common';
import { AlertReads } from '../alerts/alert-reads.service';
import { AlertsConfigStore } from '../alerts/alerts-config.store';
import { FleetReads } from '../fleet/fleet-reads.service';
import { RemoteControl } from '../fleet/remote-control.service';
import { MonitoringReads } from '../monitoring/monitoring-reads.service';
import { ResourceMonitor } from '../monitoring/resource-monitor.service';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceLifecycle } from '../services/service-lifecycle.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceConnections } from '../services/service-connections.service';
import { ServiceReads } from '../services/service-reads.service';
import { ServiceTester } from '../services/service-tester.service';
import { SecretRedactor } from '../store/secret-redactor';
import { SystemHealthService } from '../system/system-health.service';

/**
 * What the MCP tools, resources and prompts call: the same public methods the REST
 * controllers call, so both answer alike.
 */
@Injectable()
export class McpContext {
  constructor(
    readonly catalog: ServiceCatalog,
    readonly connections: ServiceConnections,
    readonly lifecycle: ServiceLifecycle,
    readonly reads: ServiceReads,
    readonly tester: ServiceTester,
    readonly monitoring: MonitoringReads,
    readonly health: SystemHealthService,
    readonly resources: ResourceMonitor,
    readonly events: ServiceEventsService,
    readonly redactor: SecretRedactor,
    readonly alerts: AlertReads,
    readonly alertsConfig: AlertsConfigStore,
    readonly fleet: FleetReads,
    readonly remote: RemoteControl,
  ) {}

  redact = (text: string): string => this.redactor.redact(text);

  /** 404 with the names an agent can use instead. */
  async requireService(name: string): Promise<void> {
    if (this.catalog.exists(name)) return;
    const known = this.catalog.list().map((record) => record.name);
    const shown = known.slice(0, 20).join(', ');
    throw new UnknownServiceError(
      `unknown service '${name}'; configured: ${shown || 'none'}${known.length > 20 ? `, ... (${known.length} in all, see list_services)` : ''}`,
    );
  }
}

export class UnknownServiceError extends Error {}
