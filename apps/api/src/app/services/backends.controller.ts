import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { BackendStatsService } from './backend-stats.service';
import { BackendStatsResponseDto, BackendTypeDto, BackendTypeListDto, FolderStatisticsDto } from './backends.dto';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceStatusDto } from './services.dto';

@ApiTags('backends')
@ApiBearerAuth()
@ApiErrors(401)
@ApiExtraModels(ServiceStatusDto, FolderStatisticsDto)
@Controller('backends')
export class BackendsController {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly stats: BackendStatsService,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Counts and statuses of all services, and the metadata store statistics' })
  @ApiOkResponse({ type: BackendStatsResponseDto })
  @NoQuery()
  getBackendStats(): Promise<BackendStatsResponseDto> {
    return this.stats.collect();
  }

  @Get('types')
  @ApiOperation({ summary: 'Every service type with its config schema, capabilities and templates' })
  @ApiOkResponse({ type: BackendTypeListDto })
  @NoQuery()
  listBackendTypes(): BackendTypeListDto {
    return { types: this.catalog.availableTypes().map((type) => this.describe(type)) };
  }

  @Get('types/:type')
  @ApiOperation({ summary: "One type's config schema, capabilities and templates" })
  @ApiParam({ name: 'type', example: 's3' })
  @ApiOkResponse({ type: BackendTypeDto })
  @ApiErrors(404)
  getBackendType(@Param('type') type: string): BackendTypeDto {
    if (!this.catalog.isSupported(type)) throw new NotFoundException(`Unknown service type "${type.slice(0, 63)}"`);
    return this.describe(type);
  }

  private describe(type: string): BackendTypeDto {
    const description = this.catalog.describeType(type);
    return { ...description, templates: [...description.templates] };
  }
}
