import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { MetricsService } from './metrics.service';

/** Prometheus scrape endpoint at /metrics (outside /api; the token is still required). */
@ApiTags('monitoring')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: service up, probe latency, failures, quota, host and daemon resources' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } }, description: 'Prometheus text format 0.0.4' })
  getMetrics(): Promise<string> {
    return this.metrics.render();
  }
}
