import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';

export class RestoreQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ enum: ['merge', 'replace'], default: 'merge', description: 'replace also removes what the backup does not hold.' })
  @IsOptional()
  @IsIn(['merge', 'replace'])
  mode?: 'merge' | 'replace';
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
}
