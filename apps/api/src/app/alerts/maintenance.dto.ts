import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { NAME_MESSAGE } from '../services/services.dto';
import { WEEKDAYS, type Weekday } from './maintenance-windows';

/** POST /api/alerts/maintenance. */
export class CreateMaintenanceDto {
  @ApiProperty({ example: 'disk-swap', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ enum: ['once', 'weekly'] })
  @IsIn(['once', 'weekly'], { message: 'kind must be once or weekly' })
  kind!: 'once' | 'weekly';

  @ApiPropertyOptional({ type: [String], description: 'Service names; with `types` also empty: every service.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: `each service ${NAME_MESSAGE}` })
  services?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: 'each type must be a service type name' })
  types?: string[];

  @ApiPropertyOptional({ description: 'once: start (ISO 8601).', example: '2026-01-01T22:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'starts_at must be an ISO 8601 time' })
  starts_at?: string;

  @ApiPropertyOptional({ description: 'once: end (ISO 8601).', example: '2026-01-01T23:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'ends_at must be an ISO 8601 time' })
  ends_at?: string;

  @ApiPropertyOptional({ enum: WEEKDAYS, isArray: true, description: 'weekly: days (UTC).' })
  @IsOptional()
  @IsArray()
  @IsIn(WEEKDAYS, { each: true, message: `each weekday must be one of ${WEEKDAYS.join(', ')}` })
  weekdays?: Weekday[];

  @ApiPropertyOptional({ description: 'weekly: start time HH:MM (UTC).', example: '03:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start_time must be HH:MM (UTC)' })
  start_time?: string;

  @ApiPropertyOptional({ minimum: 60, maximum: 604800, description: 'weekly: length in seconds.' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(604_800)
  duration_s?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class MaintenanceBodyDto extends OmitType(CreateMaintenanceDto, ['name'] as const) {}

export class MaintenanceWindowDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['once', 'weekly'] }) kind!: 'once' | 'weekly';
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: [String] }) types!: string[];
  @ApiProperty({ type: String, nullable: true }) starts_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) ends_at!: string | null;
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) weekdays!: Weekday[];
  @ApiProperty({ type: String, nullable: true }) start_time!: string | null;
  @ApiProperty({ type: Number, nullable: true }) duration_s!: number | null;
  @ApiProperty() comment!: string;
  @ApiProperty({ description: 'True while a period of the window runs.' }) active!: boolean;
}

export class MaintenanceListDto {
  @ApiProperty({ type: [MaintenanceWindowDto] })
  windows!: MaintenanceWindowDto[];
}
