import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { TokenQueryDto } from '../http/token-query.dto';
import { ReadFreshnessDto } from '../services/services.dto';
import { RESOLUTIONS, type Resolution } from './history-aggregate';

export class MonitoringSnapshotDto extends ReadFreshnessDto {
  @ApiProperty()
  service!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the snapshot was last written.' })
  timestamp!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The latest probe, stats, quota, storage and (daemons) resources, each with its measured_at.',
  })
  data!: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'No monitoring data available' })
  message?: string;
}

export class MonitoringMetricDto {
  @ApiProperty()
  service!: string;

  @ApiProperty({ example: 'probe' })
  metric_type!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  timestamp!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

export class HistoryQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start (default: one hour before `to`).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End (default: now).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: RESOLUTIONS, description: 'Default: chosen from the range (raw up to 2 h, minute up to 2 days, hour up to 60 days, else day).' })
  @IsOptional()
  @IsIn(RESOLUTIONS)
  resolution?: Resolution;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 2_000, description: 'Most points returned (the latest ones).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;
}

export const SERVICE_SERIES = ['probe', 'resources', 'storage'] as const;
export type ServiceSeries = (typeof SERVICE_SERIES)[number];

export class ServiceHistoryQueryDto extends HistoryQueryDto {
  @ApiPropertyOptional({
    enum: SERVICE_SERIES,
    default: 'probe',
    description:
      'probe: up (0/1) and latency_ms, one sample per check; resources: daemon CPU and memory; ' +
      'storage: used_bytes, quota_bytes (the backend quota, else the declared quota_bytes, else the backend total) and free_bytes, ' +
      'null when the backend does not report it, one sample when a figure changes (storage and quota are read every 15 minutes; at most one sample every 30 minutes), else one an hour; it keeps no minute rollup: resolution minute answers its samples.',
  })
  @IsOptional()
  @IsIn(SERVICE_SERIES)
  series?: ServiceSeries;
}

export class HistoryPointDto {
  @ApiProperty({ format: 'date-time', description: 'Sample time, or the start of the bucket.' })
  t!: string;

  @ApiProperty({ description: 'Samples in the bucket (1 for raw).' })
  count!: number;

  @ApiProperty({ description: 'Samples that were failures.' })
  errors!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    example: { up: 1, latency_ms: 12.5 },
    description:
      'Per field of the series (probe: up, latency_ms; storage: used_bytes, quota_bytes, free_bytes; ...) its average; null or absent when unknown. ' +
      'A raw probe sample keeps latency_ms to 0.1 ms below 5,000 ms and to 1 ms up to 20,534 ms, where it saturates (a slower check reads 20534); rollups keep the exact value.',
  })
  avg!: Record<string, number | null>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  min!: Record<string, number | null>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  max!: Record<string, number | null>;

  @ApiPropertyOptional({ description: 'Raw samples: the error code of a failed probe.' })
  error?: string;
}

export class HistoryResponseDto {
  @ApiProperty({ description: 'A service name, or host / api.' })
  subject!: string;

  @ApiProperty({ example: 'probe' })
  series!: string;

  @ApiProperty({ enum: RESOLUTIONS })
  resolution!: Resolution;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ description: 'True when more points matched than `limit`: the latest are returned.' })
  truncated!: boolean;

  @ApiProperty({ type: [HistoryPointDto] })
  points!: HistoryPointDto[];
}
