import { ServiceMaintenanceStateDto } from './service-maintenance';
import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BACKEND_TYPES, SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { TokenQueryDto } from '../http/token-query.dto';
import { DESIRED_STATES, SERVICE_HEALTHS, SERVICE_STATUSES, type DesiredState, type ServiceHealth, type ServiceStatus } from '../common/service-state';

export const NAME_MESSAGE = 'must be 1-63 characters of lowercase letters, digits, "_" or "-", starting with a letter or digit';

// ---------- requests ----------

/** POST /api/services/add, as in the original: `{name, config}`; `type` defaults to the name. */
export class AddServiceDto {
  @ApiProperty({ example: 's3-archive', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiPropertyOptional({ enum: BACKEND_TYPES, description: 'Service type; when absent the name is the type (the original behaviour).' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  type?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The type's config (see GET /api/backends/types); validated, unknown fields refused.",
    example: { bucket: 'my-bucket', region: 'us-east-1' },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Start the service right after adding it.', default: false })
  @IsOptional()
  @IsBoolean()
  start?: boolean;
}

/** POST /api/services/test: probes a config without saving anything. */
export class TestServiceConfigDto {
  @ApiProperty({ enum: BACKEND_TYPES })
  @IsString()
  @MaxLength(63)
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { path: '/data/parquet' } })
  @IsObject()
  config!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'An existing service of the same type whose stored secrets fill the secret fields the config leaves out.',
    pattern: SERVICE_NAME_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name?: string;
}

export class RemoveServiceQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ description: 'Remove even when other services depend on it.', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  force?: 'true' | 'false';
}

export class RefreshQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ description: 'Ask the backend now instead of using a fresh stored value.', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  refresh?: 'true' | 'false';
}

// ---------- answers ----------

export class ErrorInfoDto {
  @ApiProperty({ example: 'timeout', description: 'unreachable, timeout, unauthorized, invalid_config, unsupported, ...' })
  code!: string;

  @ApiProperty({ example: 'HeadBucket my-bucket at 127.0.0.1:9000 did not answer within 10000 ms' })
  message!: string;
}

/** Where a read came from and how old it is (metadata-first). */
export class ReadFreshnessDto {
  @ApiProperty({ enum: ['metadata', 'live'], description: 'metadata: a stored value fresh enough; live: the backend was asked now.' })
  source!: 'metadata' | 'live';

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the value was measured.' })
  measured_at!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Age of the value in seconds.' })
  age_s!: number | null;

  @ApiProperty({ description: 'True when the value is older than its freshness limit (e.g. a live call failed).' })
  stale!: boolean;

  @ApiProperty({ type: ErrorInfoDto, nullable: true, description: 'Why the live call failed, if it did.' })
  error!: ErrorInfoDto | null;
}

export class ActionResponseDto {
  @ApiProperty()
  success!: boolean;

  @ApiProperty({ example: 'Service s3 added' })
  message!: string;

  @ApiPropertyOptional({ enum: SERVICE_STATUSES })
  status?: ServiceStatus;

  @ApiPropertyOptional({ enum: DESIRED_STATES })
  desired_state?: DesiredState;

  @ApiPropertyOptional({ type: ErrorInfoDto, nullable: true })
  error?: ErrorInfoDto | null;
}

/** A service's name, type and state: the fields every answer about a service shares (declared here only). */
export class ServiceSummaryDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'The service type.' })
  type!: string;

  @ApiProperty({ enum: SERVICE_STATUSES })
  status!: ServiceStatus;

  @ApiProperty({ enum: SERVICE_HEALTHS })
  health!: ServiceHealth;

  @ApiProperty({ enum: DESIRED_STATES })
  desired_state!: DesiredState;

  @ApiProperty({ description: 'False when no driver for the type is installed.' })
  supported!: boolean;

  @ApiPropertyOptional({ description: "Present when the service's files cannot be read: why (the other services are unaffected)." })
  problem?: string;
}

export class ServiceListResponseDto {
  @ApiProperty({ type: [String], description: 'Service names (the original field).' })
  services!: string[];

  @ApiProperty({ type: [String], description: 'Types that can be added (the original field).' })
  available_types!: string[];

  @ApiProperty({ type: [ServiceSummaryDto] })
  details!: ServiceSummaryDto[];
}

export class DependencyStatusDto extends PickType(ServiceSummaryDto, ['name', 'status', 'health'] as const) {
  @ApiProperty({ description: 'False when the dependency is not configured.' })
  exists!: boolean;
}

/** The status of one service: its summary (without `problem`), its last checks and where the answer came from. */
export class ServiceStatusDto extends IntersectionType(ReadFreshnessDto, OmitType(ServiceSummaryDto, ['problem'] as const)) {
  @ApiProperty({ type: ServiceMaintenanceStateDto, nullable: true, description: 'The active maintenance window (no alerts until it ends); null when none. The status keeps its own value.' })
  maintenance!: ServiceMaintenanceStateDto | null;

  @ApiProperty({ description: 'Same as type (the original field).' })
  backend_type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The config without its secret fields.' })
  config!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['set', 'not set'] } })
  secrets!: Record<string, 'set' | 'not set'>;

  @ApiProperty({ type: [String] })
  depends_on!: string[];

  @ApiProperty({ type: [DependencyStatusDto] })
  dependencies!: DependencyStatusDto[];

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the last check ran; null before the first one.' })
  last_check!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  last_success!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Latency of the last check; null before the first one.' })
  latency_ms!: number | null;

  @ApiProperty({ type: String, nullable: true })
  version!: string | null;

  @ApiProperty()
  consecutive_failures!: number;

  @ApiProperty()
  check_count!: number;

  @ApiProperty()
  failure_count!: number;

  @ApiProperty({ description: 'A check of this service is running now.' })
  checking!: boolean;
}

export class ServiceConfigResponseDto extends ReadFreshnessDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The config without its secret fields.' })
  config!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['set', 'not set'] } })
  secrets!: Record<string, 'set' | 'not set'>;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  last_updated!: string | null;

  @ApiProperty({ example: '1.0' })
  version!: string;
}

export class ConfigUpdateResponseDto extends ActionResponseDto {
  @ApiProperty({ type: ServiceConfigResponseDto })
  config!: ServiceConfigResponseDto;
}

export class ServiceStatsResponseDto extends ReadFreshnessDto {
  @ApiProperty()
  service!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    description: 'Flat values (bandwidth, peers, objects, ...); null when unknown.',
  })
  stats!: Record<string, string | number | boolean | null>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Why each null value is unknown.' })
  unknown!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details!: Record<string, unknown> | null;
}

/** The normalized storage numbers (README.md, "Numbers you can trust") with the answer's provenance. */
export class StorageNumbersDto extends ReadFreshnessDto {
  @ApiProperty()
  service!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes used.' })
  used!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes in total.' })
  total!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes free.' })
  free!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  objects!: number | null;

  @ApiProperty({ enum: ['measured', 'declared', 'derived'], nullable: true, description: 'How the numbers were obtained.' })
  basis!: 'measured' | 'declared' | 'derived' | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Why each null value is unknown.' })
  unknown!: Record<string, string>;
}

export class QuotaResponseDto extends StorageNumbersDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The limit in bytes (the original field; same as total).' })
  quota!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Bytes still available (the original field; same as free).' })
  available!: number | null;
}

export class StorageResponseDto extends StorageNumbersDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The original field; same as total.' })
  total_size!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The original field; same as used.' })
  used_size!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The original field; same as free.' })
  available_size!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The declared quota_bytes of the config (the original field).' })
  quota!: number | null;
}

export class TestResultDto {
  @ApiProperty()
  success!: boolean;

  @ApiProperty()
  type!: string;

  @ApiProperty({ example: 'Connection to s3 works' })
  message!: string;

  @ApiProperty({ type: Number, nullable: true })
  latency_ms!: number | null;

  @ApiProperty({ type: String, nullable: true })
  version!: string | null;

  @ApiProperty({ type: ErrorInfoDto, nullable: true })
  error!: ErrorInfoDto | null;
}
