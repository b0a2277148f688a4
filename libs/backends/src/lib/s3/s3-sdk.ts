import type { S3Client } from '@aws-sdk/client-s3';
import { lazyModule } from '../lazy/lazy-module';

export type S3Sdk = typeof import('@aws-sdk/client-s3');

/** @aws-sdk/client-s3 (about 7 MB of memory), loaded by the first call of an s3 service. */
export const loadS3Sdk = lazyModule((): Promise<S3Sdk> => import('@aws-sdk/client-s3'));

/** The SDK's commands and one service's client, made by its first call. */
export interface S3Session {
  sdk: S3Sdk;
  client: S3Client;
}
