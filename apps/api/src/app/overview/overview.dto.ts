import { ServiceMaintenanceStateDto } from '../services/service-maintenance';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';
import {
  DESIRED_STATES,
  SERVICE_HEALTHS,
  SERVICE_STATUSES,
  type DesiredState,
  type ServiceHealth,
  type ServiceStatus,
} from '../common/service-state';

export const MAX_RECENT_CHECKS = 60;
export const DEFAULT_RECENT_CHECKS = 30;

export class OverviewQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_RECENT_CHECKS,
    default: DEFAULT_RECENT_CHECKS,
    description: 'How many recent checks per service.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_RECENT_CHECKS)
  checks?: number;
}

export class RecentCheckDto {
  @ApiProperty({ format: 'date-time' })
  t!: string;

  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ type: Number, nullable: true })
  latency_ms!: number | null;

  @ApiPropertyOptional({ description: 'The error code of a failed check.' })
  error?: string;
}

export class ServiceOverviewDto {
  @ApiProperty({ type: ServiceMaintenanceStateDto, nullable: true, description: 'The active maintenance window; null when none.' })
  maintenance!: ServiceMaintenanceStateDto | null;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ enum: SERVICE_STATUSES })
  status!: ServiceStatus;

  @ApiProperty({ enum: SERVICE_HEALTHS })
  health!: ServiceHealth;

  @ApiProperty({ enum: DESIRED_STATES })
  desired_state!: DesiredState;

  @ApiProperty({ description: 'False when no driver for the type is installed.' })
  supported!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the service is not healthy (the last error, redacted), or null.',
  })
  reason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The code of that error (unreachable, timeout, unsupported, ...).',
  })
  reason_code!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Latency of the last check; null before the first one.' })
  latency_ms!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_check!: string | null;

  @ApiProperty({ type: [RecentCheckDto], description: 'The last checks, oldest first.' })
  checks!: RecentCheckDto[];
}

export class OverviewCountsDto {
  @ApiProperty()
  total!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { running: 3, stopped: 1 } })
  by_status!: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { healthy: 3, unknown: 1 } })
  by_health!: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { s3: 2, ipfs: 2 } })
  by_type!: Record<string, number>;
}

export class OverviewResponseDto {
  @ApiProperty({ format: 'date-time' })
  generated_at!: string;

  @ApiProperty({ type: [String], description: 'Types that can be added.' })
  available_types!: string[];

  @ApiProperty({ type: OverviewCountsDto })
  counts!: OverviewCountsDto;

  @ApiProperty({ type: [ServiceOverviewDto] })
  services!: ServiceOverviewDto[];
}
