import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { S3Connection } from './s3.connection';
import { S3Config } from './s3.config';

/** Amazon S3 and S3-compatible object stores, through @aws-sdk/client-s3. */
@StorageBackend()
@Injectable()
export class S3BackendDriver implements StorageBackendDriver<S3Config> {
  readonly type = 's3' as const;
  readonly displayName = 'S3 bucket';
  readonly description =
    'An Amazon S3 bucket or a bucket on any S3-compatible server (MinIO, Ceph RGW, Garage, R2...). ' +
    'Probe: HeadBucket. Storage: a bounded, cached ListObjectsV2 walk summing object sizes. ' +
    'S3 has no bucket quota: declare one with quota_bytes.';
  readonly configClass = S3Config;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'aws-s3',
      title: 'AWS S3 bucket',
      description:
        "A bucket on Amazon S3. Set region to the bucket's region; add access_key_id and secret_access_key, " +
        'or leave them out to use the AWS credentials of the environment (variables, ~/.aws, instance role).',
      config: { bucket: 'my-bucket', region: 'us-east-1', max_list_objects: 100_000, storage_cache_s: 900 },
    },
    {
      id: 's3-compatible-path-style',
      title: 'MinIO / S3-compatible endpoint (path style)',
      description:
        'A bucket on MinIO, Ceph RGW, Garage or another S3-compatible server, addressed as http(s)://host:port/bucket. ' +
        "Set endpoint and the server's access_key_id and secret_access_key (MinIO's out-of-the-box pair is minioadmin / minioadmin).",
      config: { bucket: 'my-bucket', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', force_path_style: true },
    },
  ];

  connect(config: S3Config, context: BackendContext): BackendConnection {
    return new S3Connection(config, context);
  }
}
