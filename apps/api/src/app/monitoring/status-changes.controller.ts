import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { ServiceNamePipe } from '../services/service-name.pipe';
import { MonitoringReads } from './monitoring-reads.service';
import { StatusChangesQueryDto, StatusChangesResponseDto } from './status-changes.dto';

@ApiTags('services')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('services')
export class StatusChangesController {
  constructor(private readonly reads: MonitoringReads) {}

  @Get(':name/status-changes')
  @ApiOperation({
    summary: "A service's stored status changes with their reasons, newest first",
    description:
      'Every change of status or health as written (time, from, to, the error code and a reason, secrets masked), from the history database, ' +
      'with those still waiting to be written (a full or locked database keeps the newest 100 per service until a write succeeds). ' +
      'Bounded: at most 500 a request; kept as long as the hourly history (IPFS_KIT_RETENTION_HOUR_DAYS), at most 1,000 per service.',
  })
  @ApiParam({ name: 'name', description: 'Service name', example: 'ipfs' })
  @ApiOkResponse({ type: StatusChangesResponseDto })
  @ApiErrors(400, 404)
  getStatusChanges(@Param('name', ServiceNamePipe) name: string, @Query() query: StatusChangesQueryDto): StatusChangesResponseDto {
    return this.reads.statusChanges(name, query);
  }
}
