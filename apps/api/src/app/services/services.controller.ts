import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { FieldValidationException } from '../http/error-response';
import { NoQuery } from '../http/no-query.guard';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceLifecycle } from './service-lifecycle.service';
import { ServiceNamePipe } from './service-name.pipe';
import { ServiceReads } from './service-reads.service';
import { ServiceTester } from './service-tester.service';
import {
  ActionResponseDto,
  AddServiceDto,
  ConfigUpdateResponseDto,
  QuotaResponseDto,
  RefreshQueryDto,
  RemoveServiceQueryDto,
  ServiceListResponseDto,
  ServiceStatsResponseDto,
  ServiceStatusDto,
  ServiceConfigResponseDto,
  StorageResponseDto,
  TestResultDto,
  TestServiceConfigDto,
} from './services.dto';
import { SECRET_PLACEHOLDER } from './config-secrets';

const NAME_PARAM = { name: 'name', description: 'Service name', example: 's3' };
const CONFIG_BODY = {
  schema: { type: 'object', additionalProperties: true, example: { bucket: 'my-bucket', region: 'us-east-1' } },
  description: "The service's config (see GET /api/backends/types for each type's fields).",
};

@ApiTags('services')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('services')
export class ServicesController {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly lifecycle: ServiceLifecycle,
    private readonly reads: ServiceReads,
    private readonly tester: ServiceTester,
  ) {}

  @Post('add')
  @ApiOperation({ summary: 'Add a service', description: 'As in the original: `{name, config}`; `type` defaults to the name.' })
  @ApiResponse({ status: 201, type: ActionResponseDto })
  @ApiErrors(400, 409, 413, 415, 503)
  addService(@Body() body: AddServiceDto): Promise<ActionResponseDto> {
    return this.lifecycle.add(body);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Probe a config without saving it' })
  @ApiOkResponse({ type: TestResultDto })
  @ApiErrors(400, 413, 415)
  testServiceConfig(@Body() body: TestServiceConfigDto): Promise<TestResultDto> {
    return this.tester.test(body);
  }

  @Get('list')
  @ApiOperation({ summary: 'List the services and the types that can be added' })
  @ApiOkResponse({ type: ServiceListResponseDto })
  @NoQuery()
  listServices(): ServiceListResponseDto {
    return this.reads.list();
  }

  @Get('status')
  @ApiOperation({ summary: 'Status of every service, by name', description: 'Answered from the store; stale ones are re-checked in the background unless refresh=true.' })
  @ApiExtraModels(ServiceStatusDto)
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { $ref: getSchemaPath(ServiceStatusDto) } } })
  @ApiErrors(400)
  getAllServicesStatus(@Query() query: RefreshQueryDto): Promise<Record<string, ServiceStatusDto>> {
    return this.reads.allStatuses(query.refresh === 'true');
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Remove a service (stops it first)' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ActionResponseDto })
  @ApiErrors(400, 404, 409, 503)
  removeService(@Param('name', ServiceNamePipe) name: string, @Query() query: RemoveServiceQueryDto): Promise<ActionResponseDto> {
    return this.lifecycle.remove(name, query.force === 'true');
  }

  @Get(':name/status')
  @ApiOperation({ summary: "A service's status and health" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ServiceStatusDto })
  @ApiErrors(400, 404)
  getServiceStatus(@Param('name', ServiceNamePipe) name: string, @Query() query: RefreshQueryDto): Promise<ServiceStatusDto> {
    return this.reads.status(name, query.refresh === 'true');
  }

  @Post(':name/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a service (its dependencies first)', description: 'The desired state is kept: the service comes back after the API restarts.' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ActionResponseDto })
  @ApiErrors(400, 404, 409, 503)
  startService(@Param('name', ServiceNamePipe) name: string): Promise<ActionResponseDto> {
    return this.lifecycle.start(name);
  }

  @Post(':name/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a service' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ActionResponseDto })
  @ApiErrors(400, 404, 503)
  stopService(@Param('name', ServiceNamePipe) name: string): Promise<ActionResponseDto> {
    return this.lifecycle.stop(name);
  }

  @Post(':name/restart')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop, then start a service' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ActionResponseDto })
  @ApiErrors(400, 404, 409, 503)
  restartService(@Param('name', ServiceNamePipe) name: string): Promise<ActionResponseDto> {
    return this.lifecycle.restart(name);
  }

  @Get(':name/config')
  @ApiOperation({
    summary: "A service's config, as the original answers it",
    description: `The bare config object; each stored secret is shown as "${SECRET_PLACEHOLDER}", which PUT and PATCH read as "keep the stored secret" (so sending this answer back changes nothing). Which secrets are set, the version and the last update: GET /api/services/{name}/config/info.`,
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true, example: { bucket: 'my-bucket', secret_access_key: SECRET_PLACEHOLDER } } })
  @ApiErrors(400, 404)
  getServiceConfig(@Param('name', ServiceNamePipe) name: string): Record<string, unknown> {
    return this.reads.config(name);
  }

  @Get(':name/config/info')
  @ApiOperation({ summary: "A service's config without its secrets, which secrets are set, its version and last update" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ServiceConfigResponseDto })
  @ApiErrors(400, 404)
  getServiceConfigInfo(@Param('name', ServiceNamePipe) name: string): ServiceConfigResponseDto {
    return this.reads.configInfo(name);
  }

  @Put(':name/config')
  @ApiOperation({
    summary: "Replace a service's config",
    description: `The body is the whole config: fields left out are removed, except secret fields, which keep their stored value when left out or sent as "${SECRET_PLACEHOLDER}" (send null to remove one).`,
  })
  @ApiParam(NAME_PARAM)
  @ApiBody(CONFIG_BODY)
  @ApiOkResponse({ type: ConfigUpdateResponseDto })
  @ApiErrors(400, 404, 413, 415)
  updateServiceConfig(@Param('name', ServiceNamePipe) name: string, @Body() body: unknown): Promise<ConfigUpdateResponseDto> {
    return this.reads.configUpdated(name, this.catalog.replaceConfig(name, requireObject(body)));
  }

  @Patch(':name/config')
  @ApiOperation({
    summary: "Merge changes into a service's config",
    description: `JSON Merge Patch (RFC 7396): null removes a field; a secret sent as "${SECRET_PLACEHOLDER}" keeps its stored value.`,
  })
  @ApiParam(NAME_PARAM)
  @ApiBody(CONFIG_BODY)
  @ApiOkResponse({ type: ConfigUpdateResponseDto })
  @ApiErrors(400, 404, 413, 415)
  patchServiceConfig(@Param('name', ServiceNamePipe) name: string, @Body() body: unknown): Promise<ConfigUpdateResponseDto> {
    return this.reads.configUpdated(name, this.catalog.patchConfig(name, requireObject(body)));
  }

  @Get(':name/stats')
  @ApiOperation({ summary: "A service's statistics (fresh for 5 minutes)" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ServiceStatsResponseDto })
  @ApiErrors(400, 404)
  getServiceStats(@Param('name', ServiceNamePipe) name: string, @Query() query: RefreshQueryDto): Promise<ServiceStatsResponseDto> {
    return this.reads.stats(name, query.refresh === 'true');
  }

  @Get(':name/quota')
  @ApiOperation({ summary: "A service's limits (fresh for 15 minutes)" })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: QuotaResponseDto })
  @ApiErrors(400, 404)
  getServiceQuota(@Param('name', ServiceNamePipe) name: string, @Query() query: RefreshQueryDto): Promise<QuotaResponseDto> {
    return this.reads.quota(name, query.refresh === 'true');
  }

  @Get(':name/storage')
  @ApiOperation({ summary: 'What a service stores (fresh for 15 minutes)' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: StorageResponseDto })
  @ApiErrors(400, 404)
  getServiceStorage(@Param('name', ServiceNamePipe) name: string, @Query() query: RefreshQueryDto): Promise<StorageResponseDto> {
    return this.reads.storage(name, query.refresh === 'true');
  }
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FieldValidationException([{ field: 'body', messages: ['must be a JSON object: the config'] }]);
  }
  return body as Record<string, unknown>;
}
