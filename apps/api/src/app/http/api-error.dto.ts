import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'config.bucket' })
  field!: string;

  @ApiProperty({ type: [String], example: ['bucket must be a string'] })
  messages!: string[];
}

/** The body of every error answer. */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'config.bucket: bucket must be a string' })
  message!: string;

  @ApiPropertyOptional({ description: 'The first field at fault.', example: 'config.bucket' })
  field?: string;

  @ApiPropertyOptional({ type: [FieldProblemDto] })
  fields?: FieldProblemDto[];

  @ApiPropertyOptional({ description: "A backend's error code.", example: 'timeout' })
  code?: string;

  @ApiPropertyOptional({ description: 'A 5xx only: the id of the log line with the details.', example: '0b7c1f5e-3a57-4a9c-9d0e-2f1c6d8e4b21' })
  error_id?: string;
}

/** What each error status means, for the OpenAPI document. */
export const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad input; `field`/`fields` name what is wrong',
  401: 'No valid API token',
  404: 'No such service',
  409: 'Conflicts with the current services (duplicate name, dependents, dependency cycle)',
  413: 'Body too large',
  415: 'Body is not JSON',
  421: 'The Host header names none of the addresses the API is reachable by (checked before any route)',
  429: 'Too many at once (a cap of this route, see the message); try again later (Retry-After)',
  503:
    "Not available from this process now: it is on standby (another API process on the same store holds the store's lease and runs the services: send the request there), " +
    'or, on a fleet route, not connected to NATS',
  507: "The store's disk is full or its quota used up: nothing was written",
};

/** Documents the error answers a handler may give, all with ApiErrorDto. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', type: ApiErrorDto })),
  );
}
