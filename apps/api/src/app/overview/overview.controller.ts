import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { DEFAULT_RECENT_CHECKS, OverviewQueryDto, OverviewResponseDto } from './overview.dto';
import { OverviewReads } from './overview.service';

@ApiTags('services')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('services')
export class OverviewController {
  constructor(private readonly reads: OverviewReads) {}

  @Get('overview')
  @ApiOperation({
    summary: 'Every service with status, health, reason, latency and its last checks, in one answer',
    description:
      'Answered from the store and memory (no backend is asked): what a dashboard needs at load, then kept current from GET /api/events.',
  })
  @ApiOkResponse({ type: OverviewResponseDto })
  @ApiErrors(400)
  getServicesOverview(@Query() query: OverviewQueryDto): Promise<OverviewResponseDto> {
    return this.reads.overview(query.checks ?? DEFAULT_RECENT_CHECKS);
  }
}
