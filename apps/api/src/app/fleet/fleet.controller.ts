import { Body, ConflictException, Controller, Delete, Get, HttpCode, HttpException, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
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
import { fleetStateOf, nodeRows, serviceRows } from './fleet-queries';
import { CONTROL_ACTIONS, type ControlAction } from './fleet-records';
import { FleetViews } from './fleet-views.service';
import {
  FleetLinkDto,
  FleetManagedConfigDto,
  FleetNodesResponseDto,
  FleetServiceDetailDto,
  FleetServicesQueryDto,
  FleetServicesResponseDto,
  PutFleetServiceDto,
} from './fleet.dto';
import { NodeIdentity } from './node-identity';
import { RemoteControl } from './remote-control.service';

const STANDALONE = 'this node runs standalone: set IPFS_KIT_NATS_URL (and IPFS_KIT_FLEET_KEY) to join a fleet';

@ApiTags('fleet')
@ApiBearerAuth()
@ApiErrors(401, 409)
@Controller('fleet')
export class FleetController {
  constructor(
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly views: FleetViews,
    private readonly configs: FleetConfigWrites,
    private readonly control: RemoteControl,
    private readonly manager: ServiceCatalog,
  ) {}

  @Get('nodes')
  @ApiOperation({ summary: 'Every node of the fleet: presence, version, host resources, services by health', description: 'From memory (copies kept by watching NATS); 409 on a standalone node.' })
  @ApiOkResponse({ type: FleetNodesResponseDto })
  @NoQuery()
  nodes(): FleetNodesResponseDto {
    return { fleet: this.link(), nodes: nodeRows(this.views, this.identity.current?.id ?? null) };
  }

  @Get('services')
  @ApiOperation({ summary: 'Every service of every node, filterable by node, type, status, health and name' })
  @ApiOkResponse({ type: FleetServicesResponseDto })
  @ApiErrors(400)
  services(@Query() query: FleetServicesQueryDto): FleetServicesResponseDto {
    const fleet = this.link();
    const services = serviceRows(this.views, query);
    return { fleet, total: services.length, services };
  }

  @Get('services/:name')
  @ApiOperation({ summary: "One service across the fleet: each node's result, up / partially_down / down, and its fleet-managed config" })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiOkResponse({ type: FleetServiceDetailDto })
  @ApiErrors(400, 404, 503)
  async service(@Param('name', ServiceNamePipe) name: string): Promise<FleetServiceDetailDto> {
    this.link();
    const nodes = serviceRows(this.views, { name });
    const managed = this.connection.current ? await this.configs.get(name) : null;
    if (nodes.length === 0 && !managed) throw new NotFoundException(`no node of the fleet has a service named ${name}`);
    return { name, fleet_status: fleetStateOf(nodes), nodes, managed: managed ? this.managedDto(managed) : null };
  }

  @Put('services/:name')
  @ApiOperation({
    summary: 'Create or update a fleet-managed service config and the nodes it belongs on',
    description: 'Send the revision you read (0 or none to create): a concurrent update gets 409 and nothing is overwritten. Each assigned node applies it to its own store, also after being offline.',
  })
  @ApiParam({ name: 'name', example: 's3' })
  @ApiOkResponse({ type: FleetManagedConfigDto })
  @ApiErrors(400, 409, 413, 415, 503)
  async putService(@Param('name', ServiceNamePipe) name: string, @Body() body: PutFleetServiceDto): Promise<FleetManagedConfigDto> {
    this.link();
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
  async deleteService(@Param('name', ServiceNamePipe) name: string, @Query() query: DeleteFleetServiceQueryDto): Promise<FleetConfigDeletedDto> {
    this.link();
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
  async controlService(@Param('node') node: string, @Param('name', ServiceNamePipe) name: string, @Param('action') action: string): Promise<unknown> {
    this.link();
    if (!(CONTROL_ACTIONS as readonly string[]).includes(action)) {
      throw new FieldValidationException([{ field: 'action', messages: [`action must be one of ${CONTROL_ACTIONS.join(', ')}`] }]);
    }
    const target = this.views.findNode(node);
    if (!target) throw new NotFoundException(`no node of the fleet has the id or name ${node}`);
    const reply = await this.control.request(target.id, name, action as ControlAction);
    if (reply.statusCode >= 200 && reply.statusCode < 300) return reply.body;
    throw new HttpException(reply.body as Record<string, unknown>, reply.statusCode);
  }

  /** The link state; 409 on a standalone node. */
  private link(): FleetLinkDto {
    const state = this.connection.state;
    if (state.mode === 'standalone') throw new ConflictException(STANDALONE);
    return { ...state, node_id: this.identity.current?.id ?? null, node_name: this.identity.current?.name ?? null };
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
