import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ErrorInfoDto, ServiceStatusDto } from '../services/services.dto';
import { DESIRED_STATES, SERVICE_HEALTHS, SERVICE_STATUSES, type DesiredState, type ServiceHealth, type ServiceStatus } from '../common/service-state';
import { TokenQueryDto } from '../http/token-query.dto';
import { FLEET_LINK_STATES, FLEET_LINK_STATE_TEXT, type FleetLinkStateName } from './fleet-link';
import { FLEET_SERVICE_STATES, type FleetServiceState } from './fleet-queries';

export class FleetHostDto {
  @ApiProperty({ type: Number, nullable: true })
  cpu_percent!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  memory_used_bytes!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  memory_total_bytes!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  disk_used_bytes!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  disk_total_bytes!: number | null;
}

export class FleetServiceCountsDto {
  @ApiProperty()
  total!: number;

  @ApiProperty()
  healthy!: number;

  @ApiProperty()
  degraded!: number;

  @ApiProperty()
  unhealthy!: number;

  @ApiProperty()
  unknown!: number;
}

export class FleetNodeDto {
  @ApiProperty({ description: 'The stable node id (kept in its store).' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'IPFS_KIT_NODE_NAME; null until its card arrives.' })
  name!: string | null;

  @ApiProperty({ type: [String] })
  labels!: string[];

  @ApiProperty({ description: 'A heartbeat within the presence TTL.' })
  online!: boolean;

  @ApiProperty({ description: 'This node (the one answering).' })
  self!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  last_seen!: string | null;

  @ApiProperty({ type: String, nullable: true })
  version!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  started_at!: string | null;

  @ApiProperty({ type: FleetHostDto, nullable: true })
  host!: FleetHostDto | null;

  @ApiProperty({ type: FleetServiceCountsDto, description: 'Services by health.' })
  services!: FleetServiceCountsDto;
}

export class FleetLinkDto {
  @ApiProperty({ enum: ['standalone', 'fleet'] })
  mode!: 'standalone' | 'fleet';

  @ApiProperty({ description: 'Connected to NATS now.' })
  connected!: boolean;

  @ApiProperty({ enum: FLEET_LINK_STATES, description: FLEET_LINK_STATE_TEXT })
  state!: FleetLinkStateName;

  @ApiProperty({ description: 'The state in a sentence.' })
  message!: string;

  @ApiProperty({ type: String, nullable: true })
  server!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Since when the node runs without NATS.' })
  disconnected_since!: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_error!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: "This node's id (fleet mode)." })
  node_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  node_name?: string | null;
}

export class FleetNodesResponseDto {
  @ApiProperty({ type: FleetLinkDto, description: 'While disconnected, other nodes are shown as last seen.' })
  fleet!: FleetLinkDto;

  @ApiProperty({ type: [FleetNodeDto] })
  nodes!: FleetNodeDto[];
}

/** One node's copy of one of its services: the status answer's summary fields and its last check. */
export class FleetServiceDto extends PickType(ServiceStatusDto, ['name', 'type', 'status', 'health', 'desired_state', 'last_check', 'latency_ms'] as const) {
  @ApiProperty()
  node_id!: string;

  @ApiProperty({ type: String, nullable: true })
  node_name!: string | null;

  @ApiProperty()
  node_online!: boolean;

  @ApiProperty({ type: ErrorInfoDto, nullable: true })
  error!: ErrorInfoDto | null;

  @ApiProperty({ format: 'date-time', description: 'When the node published this copy.' })
  updated_at!: string;

  @ApiProperty({
    enum: FLEET_SERVICE_STATES,
    description:
      'The service across every node that has it (not only the rows a filter keeps), over the online nodes that want it running: up when all see it working, partially_down when some fail, down when all fail, unknown when none watches it.',
  })
  fleet_status!: FleetServiceState;
}

export class FleetServicesResponseDto {
  @ApiProperty({ type: FleetLinkDto })
  fleet!: FleetLinkDto;

  @ApiProperty()
  total!: number;

  @ApiProperty({ type: [FleetServiceDto] })
  services!: FleetServiceDto[];
}

export class FleetServicesQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ description: 'A node id or name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  node?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  type?: string;

  @ApiPropertyOptional({ enum: SERVICE_STATUSES })
  @IsOptional()
  @IsIn(SERVICE_STATUSES)
  status?: ServiceStatus;

  @ApiPropertyOptional({ enum: SERVICE_HEALTHS })
  @IsOptional()
  @IsIn(SERVICE_HEALTHS)
  health?: ServiceHealth;

  @ApiPropertyOptional({ description: 'A service name.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string;
}

export class FleetManagedConfigDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ description: 'Send it back with the next update (compare-and-set).' })
  revision!: number;

  @ApiProperty({ type: [String], description: 'Node ids, names or labels the config belongs on.' })
  nodes!: string[];

  @ApiProperty({ enum: DESIRED_STATES, nullable: true })
  desired_state!: DesiredState | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The config without its secret fields.' })
  config!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['set', 'not set'] } })
  secrets!: Record<string, 'set' | 'not set'>;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ description: 'The node that wrote this revision.' })
  updated_by!: string;
}

export class FleetServiceDetailDto extends PickType(FleetServiceDto, ['name', 'fleet_status'] as const) {
  @ApiProperty({ type: [FleetServiceDto], description: "Each node's result." })
  nodes!: FleetServiceDto[];

  @ApiProperty({ type: FleetManagedConfigDto, nullable: true, description: 'The fleet-managed config, if any.' })
  managed!: FleetManagedConfigDto | null;
}

export class PutFleetServiceDto {
  @ApiProperty({ example: 's3' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/)
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The whole config; secret fields travel and rest encrypted with the fleet key.' })
  @IsObject()
  config!: Record<string, unknown>;

  @ApiProperty({ type: [String], description: 'Node ids, names or labels the config belongs on.', example: ['edge'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  nodes!: string[];

  @ApiPropertyOptional({ enum: DESIRED_STATES, description: 'Start or stop it on each node once applied.' })
  @IsOptional()
  @IsIn(DESIRED_STATES)
  desired_state?: DesiredState;

  @ApiPropertyOptional({ description: 'The revision read (GET /api/fleet/services/{name}); absent or 0 to create.', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  revision?: number;
}
