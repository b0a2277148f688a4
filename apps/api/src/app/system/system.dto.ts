import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { HistoryQueryDto } from '../monitoring/monitoring.dto';
import { FLEET_LINK_STATES, FLEET_LINK_STATE_TEXT, type FleetLinkStateName } from '../fleet/fleet-link';

export class SystemFleetDto {
  @ApiProperty({ enum: ['standalone', 'fleet'] })
  mode!: 'standalone' | 'fleet';

  @ApiProperty()
  connected!: boolean;

  @ApiProperty({ enum: FLEET_LINK_STATES, description: FLEET_LINK_STATE_TEXT })
  state!: FleetLinkStateName;

  @ApiProperty({ description: 'The state in a sentence (no server address, no error text).' })
  message!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  disconnected_since!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  server?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  last_error?: string | null;
}

export class SystemHealthDto {
  @ApiProperty({ enum: ['healthy', 'degraded', 'error'], description: 'degraded: a service wanted running is not healthy.' })
  status!: 'healthy' | 'degraded' | 'error';

  @ApiProperty()
  services_total!: number;

  @ApiProperty({ description: 'Services running with a healthy last check.' })
  services_healthy!: number;

  @ApiProperty({ description: 'Services wanted running.' })
  services_started!: number;

  @ApiPropertyOptional({ description: 'The store folder; only with a valid token.' })
  metadata_directory?: string;

  @ApiProperty({ description: 'Seconds since the API started.' })
  uptime!: number;

  @ApiProperty({ format: 'date-time' })
  checked_at!: string;

  @ApiPropertyOptional({ description: 'Why the status is error.' })
  error?: string;

  @ApiPropertyOptional({
    type: SystemFleetDto,
    description: 'Fleet mode only: connected to NATS or running standalone until it returns (server and last error only with a token).',
  })
  fleet?: SystemFleetDto;
}

export class HostResourcesDto {
  @ApiProperty({ type: Number, nullable: true })
  cpu_percent!: number | null;

  @ApiProperty()
  cpu_count!: number;

  @ApiProperty({ type: [Number] })
  load_avg!: number[];

  @ApiProperty()
  memory_total_bytes!: number;

  @ApiProperty()
  memory_used_bytes!: number;

  @ApiProperty()
  memory_available_bytes!: number;

  @ApiProperty()
  disk_path!: string;

  @ApiProperty({ type: Number, nullable: true })
  disk_total_bytes!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  disk_used_bytes!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  disk_free_bytes!: number | null;

  @ApiProperty()
  uptime_s!: number;

  @ApiProperty({ format: 'date-time' })
  measured_at!: string;
}

export class ProcessResourcesDto {
  @ApiProperty()
  pid!: number;

  @ApiProperty({ type: Number, nullable: true })
  cpu_percent!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  memory_rss_bytes!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Why a null value is unknown, per field (e.g. cpu_percent on the first sample of a process).',
  })
  unknown!: Record<string, string>;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  measured_at!: string;
}

export class DaemonResourcesDto extends ProcessResourcesDto {
  @ApiProperty()
  service!: string;
}

export class SystemResourcesDto {
  @ApiProperty({ type: HostResourcesDto, nullable: true })
  host!: HostResourcesDto | null;

  @ApiProperty({ type: ProcessResourcesDto, nullable: true, description: 'The API process itself.' })
  api!: ProcessResourcesDto | null;

  @ApiProperty({ type: [DaemonResourcesDto], description: 'Managed daemons (PID files in state/).' })
  daemons!: DaemonResourcesDto[];
}

export class ResourceHistoryQueryDto extends HistoryQueryDto {
  @ApiPropertyOptional({ description: 'host, api, or the name of a daemon service.', default: 'host' })
  @IsOptional()
  @IsString()
  @Matches(/^(host|api|[a-z0-9][a-z0-9_-]{0,62})$/, { message: 'subject must be host, api or a service name' })
  subject?: string;
}
