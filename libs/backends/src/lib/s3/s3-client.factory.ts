import type { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_TIMEOUT_MS } from '../contract/backend-call';
import { S3_DEFAULT_REGION, type S3Config } from './s3.config';
import { loadS3Sdk } from './s3-sdk';

/**
 * The S3 client for one service. Every request is bounded by the handler's own
 * timeouts (connection and whole request, raised as errors, not warnings); the
 * connection adds a per-call signal and deadline on top. Loads the SDK on the first call.
 */
export async function createS3Client(config: S3Config): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk();
  const timeoutMs = config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  return new S3Client({
    region: config.region ?? S3_DEFAULT_REGION,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.force_path_style ?? false,
    ...(config.access_key_id && config.secret_access_key
      ? { credentials: { accessKeyId: config.access_key_id, secretAccessKey: config.secret_access_key } }
      : {}),
    // Checksums only where S3 requires them: several S3-compatible servers mishandle
    // the newer default (chunked uploads with trailing checksums).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/** Where the bucket lives, for messages: the endpoint's origin, or AWS's regional host. */
export function s3EndpointLabel(config: S3Config): string {
  if (config.endpoint) return new URL(config.endpoint).origin;
  return `https://s3.${config.region ?? S3_DEFAULT_REGION}.amazonaws.com`;
}
