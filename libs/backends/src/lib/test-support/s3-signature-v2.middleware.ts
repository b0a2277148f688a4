import { createHmac } from 'node:crypto';
import { stringify } from 'node:querystring';
import type { S3Client } from '@aws-sdk/client-s3';

/** The request fields the signature covers, as the SDK's HttpRequest holds them. */
interface SignableRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query?: Record<string, string | string[] | null>;
}

/** Query parameters that are part of the signed resource (s3rver's list). */
const SUBRESOURCES = new Set([
  'acl',
  'accelerate',
  'analytics',
  'cors',
  'lifecycle',
  'delete',
  'inventory',
  'location',
  'logging',
  'metrics',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'replication',
  'restore',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

/**
 * Test support for s3rver, which verifies Signature V2 but not Signature V4: re-signs
 * every request of `client` with Signature V2 (header form) using the client's own
 * credentials, after the SDK has built it. A wrong secret then gets a real
 * `SignatureDoesNotMatch` from s3rver, the closest real thing to AWS refusing a bad key.
 * Bucket-level requests (HeadBucket, ListObjectsV2, GetBucketLocation) only.
 */
export function resignWithSignatureV2(client: S3Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as SignableRequest;
      const credentials = await client.config.credentials();
      const headers = lowerCaseKeys(request.headers);
      const amzHeaders = Object.keys(headers)
        .filter((name) => name.startsWith('x-amz-'))
        .sort()
        .map((name) => `${name}:${(headers[name] ?? '').replace(/ +/g, ' ')}`);
      const subresources = Object.entries(request.query ?? {})
        .filter(([name]) => SUBRESOURCES.has(name))
        .map(([name, value]) => stringify({ [name]: Array.isArray(value) ? value[0] : (value ?? '') }))
        .sort()
        .join('&')
        .replace(/=(&|$)/g, ''); // as s3rver builds it (empty values lose their "=" and the "&")
      const resource = request.path.replace(/\/$/, '') || '/';
      const stringToSign = [
        request.method,
        headers['content-md5'] ?? '',
        headers['content-type'] ?? '',
        '',
        ...amzHeaders,
        subresources ? `${resource}?${subresources}` : resource,
      ].join('\n');
      const signature = createHmac('sha1', credentials.secretAccessKey).update(stringToSign, 'utf8').digest('base64');
      for (const name of Object.keys(request.headers)) {
        if (name.toLowerCase() === 'authorization') delete request.headers[name];
      }
      request.headers['authorization'] = `AWS ${credentials.accessKeyId}:${signature}`;
      return next(args);
    },
    { step: 'deserialize', name: 'testSignatureV2', priority: 'low' },
  );
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
