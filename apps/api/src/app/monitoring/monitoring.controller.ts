import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { ServiceNamePipe } from '../services/service-name.pipe';
import { MonitoringReads } from './monitoring-reads.service';
import { HistoryResponseDto, MonitoringMetricDto, MonitoringSnapshotDto, ServiceHistoryQueryDto } from './monitoring.dto';

const NAME_PARAM = { name: 'name', description: 'Service name', example: 'ipfs' };

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly reads: MonitoringReads) {}

  @Get(':name')
  @ApiOperation({ summary: "A service's latest monitoring snapshot (the original's shape: service, timestamp, data)" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: MonitoringSnapshotDto })
  @ApiErrors(400, 404)
  getMonitoringData(@Param('name', ServiceNamePipe) name: string): Promise<MonitoringSnapshotDto> {
    return this.reads.snapshot(name);
  }

  @Get(':name/history')
  @ApiOperation({ summary: "A service's history over a time range, raw or rolled up: checks (probe), daemon resources or storage against its quota (series)" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: HistoryResponseDto })
  @ApiErrors(400, 404)
  getMonitoringHistory(@Param('name', ServiceNamePipe) name: string, @Query() query: ServiceHistoryQueryDto): Promise<HistoryResponseDto> {
    return this.reads.serviceHistory(name, query.series ?? 'probe', query);
  }

  @Get(':name/:metricType')
  @ApiOperation({ summary: 'One part of the latest snapshot: probe, stats, quota, storage or resources' })
  @ApiParam(NAME_PARAM)
  @ApiParam({ name: 'metricType', example: 'probe' })
  @ApiOkResponse({ type: MonitoringMetricDto })
  @ApiErrors(400, 404)
  getMonitoringMetric(@Param('name', ServiceNamePipe) name: string, @Param('metricType') metricType: string): Promise<MonitoringMetricDto> {
    return this.reads.metric(name, metricType);
  }
}
