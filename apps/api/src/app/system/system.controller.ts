import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import type { AuthenticatedRequest } from '../auth/token.guard';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { API_SUBJECT, HOST_SUBJECT } from '../monitoring/history-recorder.service';
import { HistoryResponseDto } from '../monitoring/monitoring.dto';
import { MonitoringReads } from '../monitoring/monitoring-reads.service';
import { ResourceMonitor } from '../monitoring/resource-monitor.service';
import { SystemHealthService } from './system-health.service';
import { ResourceHistoryQueryDto, SystemHealthDto, SystemResourcesDto } from './system.dto';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(
    private readonly health: SystemHealthService,
    private readonly resources: ResourceMonitor,
    private readonly monitoring: MonitoringReads,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Health of the API and its services (no token needed; details only with one)' })
  @ApiOkResponse({ type: SystemHealthDto })
  getSystemHealth(@Req() req: AuthenticatedRequest): Promise<SystemHealthDto> {
    return this.health.health(req.authenticated === true);
  }

  @Get('resources')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Host CPU, memory and disk; CPU and memory of the API and each managed daemon' })
  @ApiOkResponse({ type: SystemResourcesDto })
  @ApiErrors(401)
  @NoQuery()
  getSystemResources(): Promise<SystemResourcesDto> {
    return this.resources.current();
  }

  @Get('resources/history')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'History of host, API or daemon resources over a time range' })
  @ApiOkResponse({ type: HistoryResponseDto })
  @ApiErrors(400, 401)
  getResourceHistory(@Query() query: ResourceHistoryQueryDto): Promise<HistoryResponseDto> {
    const subject = query.subject ?? 'host';
    const stored = subject === 'host' ? HOST_SUBJECT : subject === 'api' ? API_SUBJECT : subject;
    return this.monitoring.seriesHistory(subject, stored, 'resources', query);
  }
}
