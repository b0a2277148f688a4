import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { FleetModule } from '../fleet/fleet.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ServicesModule } from '../services/services.module';
import { SystemModule } from '../system/system.module';
import { McpContext } from './mcp-context';
import { McpHttpController } from './mcp-http.controller';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import { McpNotifications } from './mcp-notifications';
import { McpServerFactory } from './mcp-server.factory';
import { McpStatusController } from './mcp-status.controller';

/** The MCP server: one factory of tools, resources and prompts; /mcp over HTTP; the stdio entry uses the factory too. */
@Module({
  imports: [AlertsModule, FleetModule, ServicesModule, MonitoringModule, SystemModule],
  controllers: [McpHttpController, McpStatusController],
  providers: [McpContext, McpNotifications, McpServerFactory, McpHttpEndpoint],
  exports: [McpServerFactory],
})
export class McpModule {}
