import type { S3rverServer } from './s3rver';

/** An object to put: its key and either its bytes or a size (filled with one byte value). */
export interface S3rverObject {
  key: string;
  body?: Uint8Array;
  size?: number;
}

/**
 * Puts `objects` into `bucket` of a running s3rver with @aws-sdk/client-s3, one at a
 * time, each bounded by `timeoutMs`. The SDK is loaded here, on first use, so that the
 * test bed's index does not load it for every test file. The client settings are the
 * ones s3rver needs (path style; checksums only when required, else stream uploads
 * store the chunk framing as data).
 */
export async function putS3rverObjects(
  server: Pick<S3rverServer, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>,
  bucket: string,
  objects: readonly S3rverObject[],
  timeoutMs = 30_000,
): Promise<void> {
  const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    for (const object of objects) {
      const body = object.body ?? Buffer.alloc(object.size ?? 0, object.key.length % 251);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: body }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
    }
  } finally {
    client.destroy();
  }
}
