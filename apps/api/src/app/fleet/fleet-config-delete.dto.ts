import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { TokenQueryDto } from '../http/token-query.dto';

export class DeleteFleetServiceQueryDto extends TokenQueryDto {
  @ApiProperty({ description: 'The revision read (GET /api/fleet/services/{name}, managed.revision): a newer one gives 409 and nothing is removed.', example: 3, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision!: number;
}

export class FleetConfigDeletedDto {
  @ApiProperty()
  success!: boolean;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'The revision of the delete in the configs bucket.' })
  revision!: number;

  @ApiProperty({ type: [String], description: 'Node ids, names or labels it was assigned to: each removes it from its own store (an offline one when it returns).' })
  nodes!: string[];

  @ApiProperty()
  message!: string;
}
