import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetadataManager } from '@ipfs-kit/metadata';
import { ApiErrors } from '../http/api-error.dto';
import { HealthCheckScheduler } from '../monitoring/health-check.scheduler';
import { ServiceCatalog } from '../services/service-catalog.service';
import { API_VERSION } from '../system/api-version';
import { SystemHealthService } from '../system/system-health.service';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import { MCP_PROMPTS, MCP_RESOURCES, MCP_SERVER_NAME, MODERN_PROTOCOL_VERSION } from './mcp-catalog';
import { McpServerFactory } from './mcp-server.factory';
import { McpStatusDto } from './mcp-status.dto';

@ApiTags('system')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('mcp')
export class McpStatusController {
  constructor(
    private readonly store: MetadataManager,
    private readonly catalog: ServiceCatalog,
    private readonly scheduler: HealthCheckScheduler,
    private readonly health: SystemHealthService,
    private readonly factory: McpServerFactory,
    private readonly endpoint: McpHttpEndpoint,
  ) {}

  @Get('status')
  @ApiOperation({ summary: "The MCP server's status: protocol, transports, tools, open sessions (and the original's fields)" })
  @ApiOkResponse({ type: McpStatusDto })
  async getMcpStatus(): Promise<McpStatusDto> {
    // Loads the MCP SDK if no MCP request did yet: the tool list and the SDK's protocol versions come from it.
    const definition = await this.factory.definition();
    return {
      status: 'running',
      version: API_VERSION,
      metadata_directory: this.store.home,
      services_count: this.catalog.size(),
      uptime_s: this.health.uptimeS(),
      started_at: this.health.startedAtIso(),
      backend_types: this.catalog.availableTypes(),
      scheduled_checks: this.scheduler.scheduled(),
      node_version: process.version,
      server_name: MCP_SERVER_NAME,
      protocol_version: MODERN_PROTOCOL_VERSION,
      supported_protocol_versions: [MODERN_PROTOCOL_VERSION, ...definition.sdkProtocolVersions],
      sdk: '@modelcontextprotocol/server 2',
      transports: [
        { type: 'streamable-http', endpoint: '/mcp', auth: 'Authorization: Bearer <the API token>' },
        { type: 'stdio', endpoint: 'npm run mcp', auth: 'none (local process on the same store)' },
      ],
      tools: definition.toolNames(),
      resources: [...MCP_RESOURCES],
      prompts: [...MCP_PROMPTS],
      open_sessions: this.endpoint.openSubscriptions(),
      requests_served: this.endpoint.requestsServed(),
    };
  }
}
