import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';

export class RestoreQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ enum: ['merge', 'replace'], default: 'merge', description: 'replace also removes what the backup does not hold.' })
  @IsOptional()
  @IsIn(['merge', 'replace'])
  mode?: 'merge' | 'replace';

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Validate and answer what would change (preview), writing nothing.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dry_run?: 'true' | 'false';
}

export class RestorePreviewDto {
  @ApiProperty({ type: [String], description: 'Services the backup adds.' })
  added!: string[];

  @ApiProperty({ type: [String], description: 'Services whose type or non-secret config the backup changes.' })
  changed!: string[];

  @ApiProperty({ type: [String] })
  unchanged!: string[];

  @ApiProperty({ type: [String], description: 'Services removed (mode replace).' })
  removed!: string[];
}

export class RestoreResultDto {
  @ApiProperty()
  success!: boolean;

  @ApiProperty()
  message!: string;

  @ApiProperty({ description: 'Services written.' })
  services!: number;

  @ApiProperty({ description: 'State files written.' })
  states!: number;

  @ApiProperty({ description: 'Monitoring snapshots written.' })
  monitoring!: number;

  @ApiProperty({ description: 'Whether the global config was restored.' })
  global!: boolean;

  @ApiProperty({ type: [String], description: 'Store files removed (mode replace).' })
  removed!: string[];

  @ApiProperty({ type: [String], description: 'Services the restore added or changed (type, config or desired state): only these are reloaded.' })
  changed!: string[];

  @ApiPropertyOptional({ type: RestorePreviewDto, description: 'With dry_run=true: what the restore would change (nothing was written).' })
  preview?: RestorePreviewDto;
}
