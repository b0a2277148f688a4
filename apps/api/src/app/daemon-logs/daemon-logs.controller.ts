import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { ServiceNamePipe } from '../services/service-name.pipe';
import { DaemonLogQueryDto, DaemonLogResponseDto } from './daemon-logs.dto';
import { DaemonLogs } from './daemon-logs.service';

@ApiTags('services')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('services')
export class DaemonLogsController {
  constructor(private readonly logs: DaemonLogs) {}

  @Get(':name/logs')
  @ApiOperation({
    summary: "The last lines of a supervised daemon's log, secrets masked",
    description:
      'Bounded (at most 500 lines from the last 256 KiB). Pass next_offset of the answer as `after` to get only the lines written since: polling follows the log.',
  })
  @ApiParam({ name: 'name', description: 'Service name', example: 'ipfs' })
  @ApiOkResponse({ type: DaemonLogResponseDto })
  @ApiErrors(400, 404)
  getServiceLogs(
    @Param('name', ServiceNamePipe) name: string,
    @Query() query: DaemonLogQueryDto,
  ): Promise<DaemonLogResponseDto> {
    return this.logs.tail(name, query.lines ?? 200, query.after);
  }
}
