import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { redactConfig } from '@ipfs-kit/metadata';
import { ApiErrors } from '../http/api-error.dto';
import { FieldValidationException } from '../http/error-response';
import { NoQuery } from '../http/no-query.guard';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceNamePipe } from '../services/service-name.pipe';
import { FleetConfigWrites, type StoredManagedConfig } from './fleet-config-writes.service';
import { DeleteFleetServiceQueryDto, FleetConfigDeletedDto } from './fleet-config-delete.dto';
import { FleetConnection } from './fleet-connection';
import { FleetReads } from './fleet-reads.service';
import { CONTROL_ACTIONS, type ControlAction } from './fleet-records';
import {
  FleetManagedConfigDto,
  FleetNodesResponseDto,
  FleetServiceDetailDto,
  FleetServicesQueryDto,
  FleetServicesResponseDto,
  PutFleetServiceDto,
} from './fleet.dto';
import { RemoteControl } from './remote-control.service';

@ApiTags('fleet')
@ApiBearerAuth()
@ApiErrors(401, 409)
@Controller('fleet')
export class FleetController {
  constructor(
    private readonly connection: FleetConnection,
    private readonly reads: FleetReads,
    private readonly configs: FleetConfigWrites,
    private readonly control: RemoteControl,
    private readonly manager: ServiceCatalog,
  ) {}

  @Get('nodes')
  @ApiOperation({ summary: 'Every node of the fleet: presence, version, host resources, services by health', description: 'From memory (copies kept by watching NATS); 409 on a standalone node.' })
  @ApiOkResponse({ type: FleetNodesResponseDto })
  @NoQuery()
  listFleetNodes(): FleetNodesResponseDto {
    return this.reads.nodes();
  }

  @Get('services')
  @ApiOperation({ summary: 'Every service of every node, filterable by node, type, status, health and name' })
  @ApiOkResponse({ type: FleetServicesResponseDto })
  @ApiErrors(400)
  listFleetServices(@Query() query: FleetServicesQueryDto): FleetServicesResponseDto {
    return this.reads.services(query);
  }

  @Get('services/:name')
  @ApiOperation({ summary: "One service across the fleet: each node's result, up / partially_down / down, and its fleet-managed config" })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiOkResponse({ type: FleetServiceDetailDto })
  @ApiErrors(400, 404, 503)
  async getFleetService(@Param('name', ServiceNamePipe) name: string): Promise<FleetServiceDetailDto> {
    const status = this.reads.serviceStatus(name);
    const managed = this.connection.current ? await this.configs.get(name) : null;
    if (status.nodes.length === 0 && !managed) throw new NotFoundException(`no node of the fleet has a service named ${name}`);
    return { ...status, managed: managed ? this.managedDto(managed) : null };
  }

  @Put('services/:name')
  @ApiOperation({
    summary: 'Create or update a fleet-managed service config and the nodes it belongs on',
    description: 'Send the revision you read (0 or none to create): a concurrent update gets 409 and nothing is overwritten. Each assigned node applies it to its own store, also after being offline.',
  })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiOkResponse({ type: FleetManagedConfigDto })
  @ApiErrors(400, 409, 413, 415, 503)
  async putFleetService(@Param('name', ServiceNamePipe) name: string, @Body() body: PutFleetServiceDto): Promise<FleetManagedConfigDto> {
    this.reads.link();
    return this.managedDto(await this.configs.put(name, body));
  }

  @Delete('services/:name')
  @ApiOperation({
    summary: 'Delete a fleet-managed service config: every node it was assigned to removes the service from its own store',
    description: 'Send the revision you read (?revision=): a newer one gives 409 and nothing is removed. A node offline now removes it when it returns.',
  })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiOkResponse({ type: FleetConfigDeletedDto })
  @ApiErrors(400, 404, 409, 503)
  async deleteFleetService(@Param('name', ServiceNamePipe) name: string, @Query() query: DeleteFleetServiceQueryDto): Promise<FleetConfigDeletedDto> {
    this.reads.link();
    const deleted = await this.configs.remove(name, query.revision);
    return { success: true, ...deleted, message: `fleet config ${name} deleted: the nodes it was assigned to remove it from their stores` };
  }

  @Post('nodes/:node/services/:name/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start, stop, restart or check a service on a node of the fleet',
    description: 'Sent to the node over NATS request/reply, signed with the fleet key; the answer is what that node answers for the same local call (POST /api/services/{name}/start..., or GET /api/services/{name}/status?refresh=true for check).',
  })
  @ApiParam({ name: 'node', description: 'Node id or name' })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiParam({ name: 'action', enum: CONTROL_ACTIONS })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true, description: 'The answer of the local call on that node.' } })
  @ApiErrors(400, 403, 404, 503, 504)
  @NoQuery()
  async controlFleetService(@Param('node') node: string, @Param('name', ServiceNamePipe) name: string, @Param('action') action: string): Promise<unknown> {
    this.reads.link();
    if (!(CONTROL_ACTIONS as readonly string[]).includes(action)) {
      throw new FieldValidationException([{ field: 'action', messages: [`action must be one of ${CONTROL_ACTIONS.join(', ')}`] }]);
    }
    return this.control.onNode(node, name, action as ControlAction);
  }

  private managedDto(stored: StoredManagedConfig): FleetManagedConfigDto {
    const { value, revision } = stored;
    const redacted = redactConfig(value.config, this.manager.isSupported(value.type) ? this.manager.secretFields(value.type) : []);
    return {
      name: value.name,
      type: value.type,
      revision,
      nodes: value.nodes,
      desired_state: value.desired_state,
      config: redacted.config,
      secrets: redacted.secrets,
      updated_at: value.updated_at,
      updated_by: value.updated_by,
    };
  }
}
