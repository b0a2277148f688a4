import { ApiHideProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Base of every query DTO: `?token=` is how a browser's first visit and an
 * EventSource carry the API token (the guard reads it; validation lets it through).
 */
export class TokenQueryDto {
  // Not in the document: clients send the Authorization header (the event stream documents its own).
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  token?: string;
}
