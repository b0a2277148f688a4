import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';

export const MAX_LOG_LINES = 500;

export class DaemonLogQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_LOG_LINES,
    default: 200,
    description: 'Most lines returned (the last ones).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LOG_LINES)
  lines?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: 'Only lines after this byte offset (the `next_offset` of the previous answer): follows the log.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}

export class DaemonLogResponseDto {
  @ApiProperty()
  service!: string;

  @ApiProperty({ description: 'True when the service runs a supervised daemon (a `binary` in its config).' })
  supervised!: boolean;

  @ApiProperty({ type: [String], description: 'The last lines, oldest first, secrets masked.' })
  lines!: string[];

  @ApiProperty({ description: 'Byte offset to pass as `after` to get only newer lines.' })
  next_offset!: number;

  @ApiProperty({ description: 'True when older lines were left out (the line limit or the read window).' })
  truncated!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why there are no lines (not a supervised daemon, no log yet), or null.',
  })
  reason!: string | null;
}
