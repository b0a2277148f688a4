import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { SERVICE_HEALTHS, SERVICE_STATUSES, type ServiceHealth, type ServiceStatus } from '../common/service-state';
import { TokenQueryDto } from '../http/token-query.dto';

export const MAX_STATUS_CHANGES = 500;

export class StatusChangesQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only changes at or after this time (default: 30 days ago).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_STATUS_CHANGES, default: 100, description: 'Most changes returned (the newest ones).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_STATUS_CHANGES)
  limit?: number;
}

export class StatusChangeDto {
  @ApiProperty({ format: 'date-time', description: 'When the new state was written.' })
  at!: string;

  @ApiProperty({ enum: SERVICE_STATUSES })
  from_status!: ServiceStatus;

  @ApiProperty({ enum: SERVICE_HEALTHS })
  from_health!: ServiceHealth;

  @ApiProperty({ enum: SERVICE_STATUSES })
  to_status!: ServiceStatus;

  @ApiProperty({ enum: SERVICE_HEALTHS })
  to_health!: ServiceHealth;

  @ApiProperty({ type: String, nullable: true, description: 'The error code of the new state; null when it has no error.', example: 'not_found' })
  code!: string | null;

  @ApiProperty({
    description: 'Why: the error message of the new state, else what the change means (started, stopped, checks succeed again). Secrets masked.',
    example: 'checks succeed again',
  })
  reason!: string;
}

export class StatusChangesResponseDto {
  @ApiProperty()
  service!: string;

  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty({ description: 'True when more changes matched than `limit`: the newest are returned.' })
  truncated!: boolean;

  @ApiProperty({ type: [StatusChangeDto], description: 'Newest first.' })
  changes!: StatusChangeDto[];
}
