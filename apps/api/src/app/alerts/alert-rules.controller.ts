import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { CreateRuleDto, RuleBodyDto, RuleDto, RuleListDto } from './alert-rule.dto';
import { AlertNamePipe } from './alert-name.pipe';
import { ALERT_CONDITIONS, ruleFromInput } from './alert-rules';
import { AlertsConfigStore } from './alerts-config.store';

const NAME_PARAM = { name: 'name', description: 'Rule name', example: 'parquet-down' };

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('alerts/rules')
export class AlertRulesController {
  constructor(private readonly config: AlertsConfigStore) {}

  @Get()
  @NoQuery()
  @ApiOperation({ summary: 'List the alert rules' })
  @ApiOkResponse({ type: RuleListDto })
  listAlertRules(): RuleListDto {
    return { rules: [...this.config.rules()], conditions: [...ALERT_CONDITIONS] };
  }

  @Post()
  @ApiOperation({ summary: 'Add an alert rule `{name, condition, services?, types?, channels, threshold?, failures?, repeat_interval_s?}`' })
  @ApiResponse({ status: 201, type: RuleDto })
  @ApiErrors(400, 409, 413, 415)
  createAlertRule(@Body() body: CreateRuleDto): Promise<RuleDto> {
    return this.config.saveRule(ruleFromInput(body), 'create');
  }

  @Get(':name')
  @NoQuery()
  @ApiOperation({ summary: 'Read an alert rule' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(400, 404)
  getAlertRule(@Param('name', AlertNamePipe) name: string): RuleDto {
    return this.config.rule(name);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Replace an alert rule (fields left out take their defaults)' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(400, 404, 413, 415)
  replaceAlertRule(@Param('name', AlertNamePipe) name: string, @Body() body: RuleBodyDto): Promise<RuleDto> {
    return this.config.saveRule(ruleFromInput({ ...body, name }), 'replace');
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an alert rule (its firing alerts resolve, with a resolved message if the rule sent them)' })
  @ApiParam(NAME_PARAM)
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrors(400, 404)
  async deleteAlertRule(@Param('name', AlertNamePipe) name: string): Promise<void> {
    await this.config.deleteRule(name);
  }
}
