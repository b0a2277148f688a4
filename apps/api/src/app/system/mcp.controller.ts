import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetadataManager } from '@ipfs-kit/metadata';
import { ApiErrors } from '../http/api-error.dto';
import { HealthCheckScheduler } from '../monitoring/health-check.scheduler';
import { ServiceManager } from '../services/service-manager.service';
import { SystemHealthService } from './system-health.service';
import { McpStatusDto } from './system.dto';

export const API_VERSION = '1.0.0';

@ApiTags('system')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('mcp')
export class McpController {
  constructor(
    private readonly store: MetadataManager,
    private readonly manager: ServiceManager,
    private readonly scheduler: HealthCheckScheduler,
    private readonly health: SystemHealthService,
  ) {}

  @Get('status')
  @ApiOperation({ summary: "The server's status (the original's /api/mcp/status)" })
  @ApiOkResponse({ type: McpStatusDto })
  async getMcpStatus(): Promise<McpStatusDto> {
    return {
      status: 'running',
      version: API_VERSION,
      metadata_directory: this.store.home,
      services_count: (await this.manager.list()).length,
      uptime_s: this.health.uptimeS(),
      started_at: this.health.startedAtIso(),
      backend_types: this.manager.availableTypes(),
      scheduled_checks: this.scheduler.scheduled(),
      node_version: process.version,
    };
  }
}
