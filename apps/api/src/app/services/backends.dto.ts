import { ApiProperty } from '@nestjs/swagger';
import { ServiceStatusDto } from './services.dto';

export class ConfigFieldDto {
  @ApiProperty({ example: 'bucket' })
  name!: string;

  @ApiProperty({ enum: ['string', 'integer', 'number', 'boolean', 'string[]', 'object'] })
  type!: string;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ required: false, description: 'Default value, when there is one.' })
  default?: unknown;

  @ApiProperty({ description: 'Secret fields are write-only: answers show them as set / not set.' })
  secret!: boolean;

  @ApiProperty()
  description!: string;

  @ApiProperty({ required: false })
  example?: unknown;
}

export class BackendCapabilitiesDto {
  @ApiProperty()
  stats!: boolean;

  @ApiProperty()
  quota!: boolean;

  @ApiProperty()
  storage!: boolean;

  @ApiProperty({ enum: ['daemon', 'activation'] })
  lifecycle!: 'daemon' | 'activation';
}

export class BackendTemplateDto {
  @ApiProperty({ example: 'local-minio' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  config!: Record<string, unknown>;
}

export class BackendTypeDto {
  @ApiProperty({ example: 's3' })
  type!: string;

  @ApiProperty({ example: 'Amazon S3' })
  display_name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: BackendCapabilitiesDto })
  capabilities!: BackendCapabilitiesDto;

  @ApiProperty({ type: [ConfigFieldDto] })
  fields!: ConfigFieldDto[];

  @ApiProperty({ type: [String] })
  secret_fields!: string[];

  @ApiProperty({ type: [BackendTemplateDto] })
  templates!: BackendTemplateDto[];
}

export class BackendTypeListDto {
  @ApiProperty({ type: [BackendTypeDto] })
  types!: BackendTypeDto[];
}

export class FolderStatisticsDto {
  @ApiProperty()
  files!: number;

  @ApiProperty()
  bytes!: number;
}

export class MetadataStatsDto {
  @ApiProperty()
  home!: string;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/FolderStatisticsDto' } })
  folders!: Record<string, FolderStatisticsDto>;

  @ApiProperty({ type: FolderStatisticsDto })
  total!: FolderStatisticsDto;

  @ApiProperty()
  services!: number;

  @ApiProperty()
  states!: number;

  @ApiProperty()
  monitoring!: number;

  @ApiProperty()
  corrupt_files!: number;
}

/** GET /api/backends/stats, with the original's fields. */
export class BackendStatsResponseDto {
  @ApiProperty()
  total_services!: number;

  @ApiProperty()
  running_services!: number;

  @ApiProperty()
  healthy_services!: number;

  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ServiceStatusDto' } })
  services!: Record<string, ServiceStatusDto>;

  @ApiProperty({ type: MetadataStatsDto })
  metadata_stats!: MetadataStatsDto;
}
