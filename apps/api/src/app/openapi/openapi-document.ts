import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_VERSION } from '../system/api-version';
import { declareErrorAnswers } from './declared-errors';
import { sortKeys } from './sorted-json';

/**
 * The OpenAPI document of the API: operationId = handler method name, keys sorted, no
 * server URL or other value of the running instance, so that it is the same on every
 * machine (committed as apps/api/openapi.json, from which the SDK is generated).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ipfs-kit API')
    .setDescription(
      'Configure and monitor the storage services of an IPFS Kit node. Every route needs ' +
        '`Authorization: Bearer <token>` except /api/system/health; the token is printed at start-up.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The API token printed at start-up' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return sortKeys(declareErrorAnswers(document));
}
