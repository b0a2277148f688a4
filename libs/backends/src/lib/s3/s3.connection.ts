import type { HeadBucketCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { incompleteReason, walkBucket, type BucketWalk, type ListPage } from './s3-bucket-walk';
import { createS3Client, s3EndpointLabel } from './s3-client.factory';
import { mapS3Error, redact, type S3CallDescription } from './s3-error.mapper';
import { BucketWalkCache } from './s3-walk.cache';
import type { ItemsPage, ItemsQuery } from '../contract/service-items';
import { listS3Items } from './s3.items';
import { loadS3Sdk, type S3Session } from './s3-sdk';
import { S3_DEFAULT_MAX_LIST_OBJECTS, S3_DEFAULT_REGION, S3_DEFAULT_STORAGE_CACHE_S, type S3Config } from './s3.config';

export const S3_NO_QUOTA_REASON = 'S3 has no bucket quota; set quota_bytes';

/** Per-request options the SDK takes: the call's signal and a request timeout. */
interface SendOptions {
  abortSignal: AbortSignal;
  requestTimeout: number;
}

interface BucketRegion {
  value: string | null;
  reason?: string;
}

/**
 * One S3 bucket, connected. probe = HeadBucket; storage and quota come from a bounded
 * ListObjectsV2 walk that is cached for `storage_cache_s`; every request carries the
 * call's abort signal, a request timeout and a deadline. The SDK is loaded, and the
 * client made, by the first call (lazy-module.ts), so an idle API never loads it.
 */
export class S3Connection implements BackendConnection {
  private readonly endpoint: string;
  private readonly secrets: readonly string[];
  private readonly walks: BucketWalkCache;
  private knownBucketRegion?: string;
  private opening?: Promise<S3Session>;
  private closed = false;

  /** `client`: a client made by the caller (tests add middleware to it); else one from the config. */
  constructor(
    private readonly config: S3Config,
    private readonly context: BackendContext,
    private readonly givenClient?: S3Client,
  ) {
    this.endpoint = s3EndpointLabel(config);
    this.secrets = config.secret_access_key ? [config.secret_access_key] : [];
    this.walks = new BucketWalkCache((config.storage_cache_s ?? S3_DEFAULT_STORAGE_CACHE_S) * 1000);
  }

  async probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    const head = await this.headBucket(call);
    return {
      latencyMs: elapsedMs(started),
      detail: {
        bucket: this.config.bucket,
        endpoint: this.endpoint,
        region: this.region(),
        bucket_region: head.BucketRegion ?? null,
      },
    };
  }

  /** Bytes and objects from the walk; the total is the declared quota_bytes (S3 has no quota API). */
  async storage(call: CallOptions): Promise<StorageInfo> {
    return this.storageFrom(await this.walk(call));
  }

  async quota(call: CallOptions): Promise<StorageInfo> {
    return this.storageFrom(await this.walk(call));
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const [walk, bucketRegion] = await Promise.all([this.walk(call), this.bucketRegion(call)]);
    const partial = incompleteReason(walk);
    const unknown: Record<string, string> = {};
    if (partial) {
      unknown['objects'] = partial;
      unknown['bytes'] = partial;
    }
    if (bucketRegion.reason) unknown['bucket_region'] = bucketRegion.reason;
    return {
      measuredAt: walk.finishedAt.toISOString(),
      values: {
        bucket: this.config.bucket,
        endpoint: this.endpoint,
        region: this.region(),
        bucket_region: bucketRegion.value,
        ...(this.config.prefix ? { prefix: this.config.prefix } : {}),
        objects: partial ? null : walk.objects,
        bytes: partial ? null : walk.bytes,
        objects_counted: walk.objects,
        bytes_counted: walk.bytes,
        walk_complete: walk.complete,
        ...(walk.stoppedBy ? { walk_stopped_by: walk.stoppedBy } : {}),
        walk_at: walk.finishedAt.toISOString(),
        walk_age_s: this.walks.ageS(walk), // of the walk these numbers come from, even if the cache was cleared meanwhile
        walk_pages: walk.pages,
        walk_duration_ms: walk.durationMs,
        max_list_objects: walk.maxObjects,
        storage_cache_s: this.config.storage_cache_s ?? S3_DEFAULT_STORAGE_CACHE_S,
        ...(this.config.quota_bytes === undefined ? {} : { quota_bytes: this.config.quota_bytes }),
      },
      ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
    };
  }

  /** One page of the bucket's objects and folders (s3.items.ts). */
  items(query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
    return listS3Items(() => this.session(), this.config, (itemCall, operation, send) => this.request(itemCall, operation, send), query, call);
  }

  /** Storage types start by activating: the bucket must answer. */
  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
    this.log('log', `activated: bucket "${this.config.bucket}" at ${this.endpoint}`);
  }

  /** Deactivates: forgets the cached walk so a later start measures afresh. */
  async stop(): Promise<void> {
    this.walks.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.walks.clear();
    const opening = this.opening;
    if (opening) (await opening.catch(() => null))?.client.destroy();
  }

  /** The SDK and the client, loaded and made once; a failed load is tried again by the next call. */
  private session(): Promise<S3Session> {
    if (!this.opening) {
      const opening = (async (): Promise<S3Session> => {
        const sdk = await loadS3Sdk();
        return { sdk, client: this.givenClient ?? (await createS3Client(this.config)) };
      })();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  private async headBucket(call: CallOptions): Promise<HeadBucketCommandOutput> {
    return withDeadline(call, this.what('HeadBucket'), async (signal) => {
      const options = this.sendOptions(signal, call);
      const s3 = await this.session();
      try {
        return await s3.client.send(new s3.sdk.HeadBucketCommand({ Bucket: this.config.bucket }), options);
      } catch (error) {
        throw await this.diagnoseHeadFailure(s3, error, options);
      }
    });
  }

  /**
   * HEAD answers carry no error body, so a 400/401/403 does not say whether the key,
   * the signature or the permission is wrong. A one-key listing of the same bucket
   * (same permission, s3:ListBucket) returns S3's error code.
   */
  private async diagnoseHeadFailure(s3: S3Session, error: unknown, options: SendOptions): Promise<BackendError> {
    const headError = mapS3Error(error, this.describe('HeadBucket'));
    if (!isBodylessRefusal(error)) return headError;
    try {
      await s3.client.send(new s3.sdk.ListObjectsV2Command({ Bucket: this.config.bucket, MaxKeys: 1 }), options);
      return headError;
    } catch (listError) {
      const detailed = mapS3Error(listError, this.describe('HeadBucket (diagnosed by ListObjectsV2)'));
      return detailed.code === 'timeout' || detailed.code === 'unreachable' ? headError : detailed;
    }
  }

  private async walk(call: CallOptions): Promise<BucketWalk> {
    const maxObjects = this.config.max_list_objects ?? S3_DEFAULT_MAX_LIST_OBJECTS;
    return this.walks.get(call, async (walkCall) => {
      const walk = await walkBucket(this.listPage, maxObjects, walkCall);
      this.log(
        'log',
        `walked bucket "${this.config.bucket}" at ${this.endpoint}: ${walk.objects} objects, ${walk.bytes} bytes, ` +
          `${walk.pages} pages in ${walk.durationMs} ms`,
      );
      const partial = incompleteReason(walk);
      if (partial) this.log('warn', `bucket "${this.config.bucket}" at ${this.endpoint}: ${partial}`);
      return walk;
    });
  }

  private readonly listPage: ListPage = (token, maxKeys, call) =>
    this.request(call, 'ListObjectsV2', async (options) => {
      const s3 = await this.session();
      const page = await s3.client.send(
        new s3.sdk.ListObjectsV2Command({
          Bucket: this.config.bucket,
          MaxKeys: maxKeys,
          ...(this.config.prefix ? { Prefix: this.config.prefix } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
        options,
      );
      const sizes = (page.Contents ?? []).map((object) => {
        if (typeof object.Size !== 'number') {
          throw new BackendError(
            'protocol',
            `${this.what('ListObjectsV2')} listed key "${object.Key ?? '?'}" without a Size`,
          );
        }
        return object.Size;
      });
      if (page.IsTruncated && !page.NextContinuationToken) {
        throw new BackendError(
          'protocol',
          `${this.what('ListObjectsV2')} said the listing goes on but gave no continuation token`,
        );
      }
      return { sizes, ...(page.IsTruncated ? { nextToken: page.NextContinuationToken } : {}) };
    });

  /** The bucket's region from GetBucketLocation, learned once; null with a reason when the server will not say. */
  private async bucketRegion(call: CallOptions): Promise<BucketRegion> {
    if (this.knownBucketRegion) return { value: this.knownBucketRegion };
    try {
      const answer = await this.request(call, 'GetBucketLocation', async (options) => {
        const s3 = await this.session();
        return s3.client.send(new s3.sdk.GetBucketLocationCommand({ Bucket: this.config.bucket }), options);
      });
      this.knownBucketRegion = locationToRegion(answer.LocationConstraint);
      return { value: this.knownBucketRegion };
    } catch (error) {
      if (call.signal?.aborted) throw error;
      const reason = error instanceof BackendError ? `${error.code}: ${error.message}` : 'GetBucketLocation failed';
      return { value: null, reason: redact(reason, this.secrets) };
    }
  }

  /** Runs one SDK request under the call's deadline and maps its failure. */
  private request<T>(call: CallOptions, operation: string, send: (options: SendOptions) => Promise<T>): Promise<T> {
    return withDeadline(call, this.what(operation), async (signal) => {
      try {
        return await send(this.sendOptions(signal, call));
      } catch (error) {
        throw mapS3Error(error, this.describe(operation));
      }
    });
  }

  private sendOptions(signal: AbortSignal, call: CallOptions): SendOptions {
    return { abortSignal: signal, requestTimeout: call.timeoutMs };
  }

  /** A declared total labels the whole answer `declared` (as every backend does); else `measured`. */
  private storageFrom(walk: BucketWalk): StorageInfo {
    const partial = incompleteReason(walk);
    const declared = this.config.quota_bytes;
    return storageInfo({
      used: partial ? null : walk.bytes,
      objects: partial ? null : walk.objects,
      total: declared ?? null,
      source: declared === undefined ? 'measured' : 'declared',
      measuredAt: walk.finishedAt,
      unknown: {
        ...(partial ? { used: partial, objects: partial } : {}),
        total: S3_NO_QUOTA_REASON,
        free: declared === undefined ? `no total: ${S3_NO_QUOTA_REASON}` : `used is unknown: ${partial ?? ''}`,
      },
    });
  }

  private region(): string {
    return this.config.region ?? S3_DEFAULT_REGION;
  }

  private what(operation: string): string {
    return `${operation} on bucket "${this.config.bucket}" at ${this.endpoint}`;
  }

  private describe(operation: string): S3CallDescription {
    return { operation, bucket: this.config.bucket, endpoint: this.endpoint, secrets: this.secrets };
  }

  private log(level: 'log' | 'warn', message: string): void {
    this.context.logger[level](`s3 ${this.context.serviceName}: ${redact(message, this.secrets)}`);
  }
}

/** A refusal whose answer had no S3 error body (HEAD), so no error code. */
function isBodylessRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as { $metadata?: { httpStatusCode?: number }; Code?: unknown };
  const status = record.$metadata?.httpStatusCode;
  return (status === 400 || status === 401 || status === 403) && record.Code === undefined;
}

/** GetBucketLocation answers empty for us-east-1 and `EU` for the legacy eu-west-1. */
function locationToRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}
