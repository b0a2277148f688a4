import type { CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import { itemsRelativePath, type ItemsPage, type ItemsQuery, type ServiceItem } from '../contract/service-items';
import type { S3Session } from './s3-sdk';
import type { S3Config } from './s3.config';

/** Runs one S3 request under the call's deadline with the SDK's options (the connection's request()). */
export type S3Request = <T>(call: CallOptions, operation: string, send: (options: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<T>) => Promise<T>;

/**
 * One page of a bucket's objects below the service's prefix and `path`, folders as
 * common prefixes (Delimiter "/"): one ListObjectsV2 request, S3's own continuation
 * token as the cursor.
 */
export async function listS3Items(session: () => Promise<S3Session>, config: S3Config, request: S3Request, query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
  const base = (config.prefix ?? '').replace(/^\/+/, '');
  const relative = itemsRelativePath(query.path);
  const prefix = `${base}${base && !base.endsWith('/') && relative ? '/' : ''}${relative}${relative ? '/' : ''}`;
  const page = await request(call, 'ListObjectsV2', async (options) => {
    const { client, sdk } = await session();
    return client.send(
      new sdk.ListObjectsV2Command({
        Bucket: config.bucket,
        Delimiter: '/',
        MaxKeys: query.limit,
        ...(prefix ? { Prefix: prefix } : {}),
        ...(query.cursor ? { ContinuationToken: query.cursor } : {}),
      }),
      options,
    );
  });
  const strip = (key: string) => (base && key.startsWith(base) ? key.slice(base.length).replace(/^\/+/, '') : key);
  const items: ServiceItem[] = [
    ...(page.CommonPrefixes ?? []).map((common): ServiceItem => {
      const path = strip(common.Prefix ?? '').replace(/\/+$/, '');
      return { name: path.split('/').pop() ?? path, path, kind: 'prefix', size: null, modified: null };
    }),
    ...(page.Contents ?? []).map((object): ServiceItem => {
      const path = strip(object.Key ?? '');
      return {
        name: path.split('/').pop() ?? path,
        path,
        kind: 'object',
        size: typeof object.Size === 'number' ? object.Size : null,
        modified: object.LastModified ? object.LastModified.toISOString() : null,
        ...(object.ETag ? { details: { etag: object.ETag.replace(/"/g, '') } } : {}),
      };
    }),
  ];
  if (page.IsTruncated && !page.NextContinuationToken) {
    throw new BackendError('protocol', `ListObjectsV2 on bucket "${config.bucket}" said the listing goes on but gave no continuation token`);
  }
  return { items, next_cursor: page.IsTruncated ? (page.NextContinuationToken ?? null) : null };
}
