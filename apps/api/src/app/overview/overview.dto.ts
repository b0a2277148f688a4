import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';
import { ServiceStatusDto } from '../services/services.dto';

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

/** One row of the overview: the status answer's summary fields, why it is not healthy, and its last checks. */
export class ServiceOverviewDto extends PickType(ServiceStatusDto, [
  'maintenance',
  'name',
  'type',
  'status',
  'health',
  'desired_state',
  'supported',
  'latency_ms',
  'last_check',
] as const) {
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
