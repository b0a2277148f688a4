import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { AlertNamePipe } from './alert-name.pipe';
import { AlertsConfigStore } from './alerts-config.store';
import { CreateMaintenanceDto, MaintenanceBodyDto, MaintenanceListDto, MaintenanceWindowDto } from './maintenance.dto';
import { activePeriod, windowFromInput, type MaintenanceWindow } from './maintenance-windows';

const NAME_PARAM = { name: 'name', description: 'Maintenance window name', example: 'disk-swap' };

function view(window: MaintenanceWindow): MaintenanceWindowDto {
  return { ...window, active: activePeriod(window, new Date()) !== null };
}

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('alerts/maintenance')
export class MaintenanceController {
  constructor(private readonly config: AlertsConfigStore) {}

  @Get()
  @NoQuery()
  @ApiOperation({ summary: 'List the maintenance windows' })
  @ApiOkResponse({ type: MaintenanceListDto })
  listMaintenanceWindows(): MaintenanceListDto {
    return { windows: this.config.windows().map(view) };
  }

  @Post()
  @ApiOperation({ summary: 'Add a maintenance window: once (starts_at, ends_at) or weekly (weekdays, start_time, duration_s), UTC' })
  @ApiResponse({ status: 201, type: MaintenanceWindowDto })
  @ApiErrors(400, 409, 413, 415)
  async createMaintenanceWindow(@Body() body: CreateMaintenanceDto): Promise<MaintenanceWindowDto> {
    return view(await this.config.saveWindow(windowFromInput(body.name, body), 'create'));
  }

  @Get(':name')
  @NoQuery()
  @ApiOperation({ summary: 'Read a maintenance window' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: MaintenanceWindowDto })
  @ApiErrors(400, 404)
  getMaintenanceWindow(@Param('name', AlertNamePipe) name: string): MaintenanceWindowDto {
    return view(this.config.window(name));
  }

  @Put(':name')
  @ApiOperation({ summary: 'Replace a maintenance window' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: MaintenanceWindowDto })
  @ApiErrors(400, 404, 413, 415)
  async replaceMaintenanceWindow(@Param('name', AlertNamePipe) name: string, @Body() body: MaintenanceBodyDto): Promise<MaintenanceWindowDto> {
    return view(await this.config.saveWindow(windowFromInput(name, body), 'replace'));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a maintenance window' })
  @ApiParam(NAME_PARAM)
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrors(400, 404)
  async deleteMaintenanceWindow(@Param('name', AlertNamePipe) name: string): Promise<void> {
    await this.config.deleteWindow(name);
  }
}
