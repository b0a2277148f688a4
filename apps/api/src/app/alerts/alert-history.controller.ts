import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { AlertHistoryDto, AlertStatusDto, HistoryQueryDto } from './alert-history.dto';
import { AlertReads } from './alert-reads.service';

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('alerts')
export class AlertHistoryController {
  constructor(private readonly reads: AlertReads) {}

  @Get('history')
  @ApiOperation({ summary: 'Alert messages, newest first, with the delivery state per channel' })
  @ApiOkResponse({ type: AlertHistoryDto })
  @ApiErrors(400)
  getAlertHistory(@Query() query: HistoryQueryDto): AlertHistoryDto {
    return this.reads.recent({ service: query.service, rule: query.rule, limit: query.limit ?? 100 });
  }

  @Get('status')
  @NoQuery()
  @ApiOperation({ summary: 'Alerts firing now and services in maintenance' })
  @ApiOkResponse({ type: AlertStatusDto })
  getAlertStatus(): AlertStatusDto {
    return this.reads.status();
  }
}
