import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';

export const S3_DEFAULT_REGION = 'us-east-1';
export const S3_DEFAULT_MAX_LIST_OBJECTS = 100_000;
export const S3_DEFAULT_STORAGE_CACHE_S = 900;

/** Bucket names as S3 and S3-compatible servers accept them (legacy us-east-1 names included). */
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
const REGION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Access and secret key go together: one without the other is refused. */
const hasKeyPair = (config: S3Config): boolean =>
  config.access_key_id !== undefined || config.secret_access_key !== undefined;

/**
 * An S3 bucket on AWS or on any S3-compatible server (MinIO, Ceph RGW, Garage, R2...).
 * Without access_key_id/secret_access_key the AWS SDK's default credential chain
 * (environment, shared config files, instance role) is used.
 */
export class S3Config extends CommonServiceConfig {
  @ConfigField({ description: 'Bucket name.', required: true, example: 'my-bucket' })
  @IsString()
  @Matches(BUCKET_NAME, { message: 'bucket must be 3-255 letters, digits, dots, dashes or underscores' })
  bucket!: string;

  @ConfigField({ description: 'Region used to sign requests.', default: S3_DEFAULT_REGION, example: 'eu-central-1' })
  @IsOptional()
  @IsString()
  @Matches(REGION, { message: 'region must be letters, digits, dashes or underscores' })
  region?: string;

  @ConfigField({
    description: 'Endpoint URL of an S3-compatible server; AWS when not set. No credentials in the URL.',
    example: 'http://127.0.0.1:9000',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'endpoint must be an http(s) URL without user:password' },
  )
  endpoint?: string;

  @ConfigField({ description: 'Access key id (set together with secret_access_key).', example: 'AKIAIOSFODNN7EXAMPLE' })
  @ValidateIf(hasKeyPair)
  @IsString({ message: 'access_key_id must be a string, set together with secret_access_key' })
  @IsNotEmpty()
  @MaxLength(256)
  access_key_id?: string;

  @ConfigField({ description: 'Secret access key (set together with access_key_id).', secret: true })
  @ValidateIf(hasKeyPair)
  @IsString({ message: 'secret_access_key must be a string, set together with access_key_id' })
  @IsNotEmpty()
  @MaxLength(1024)
  secret_access_key?: string;

  @ConfigField({
    description:
      'Path-style addressing (http://host/bucket/key) instead of virtual hosts; most S3-compatible servers need it.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  force_path_style?: boolean;

  @ConfigField({ description: 'Only objects under this key prefix are counted.', example: 'backups/' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  prefix?: string;

  @ConfigField({
    description: 'Most objects one storage walk lists; beyond it the walk stops and says so.',
    type: 'integer',
    default: S3_DEFAULT_MAX_LIST_OBJECTS,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  max_list_objects?: number;

  @ConfigField({
    description: 'Seconds a storage walk result is reused before the bucket is listed again (0: never reused).',
    type: 'integer',
    default: S3_DEFAULT_STORAGE_CACHE_S,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  storage_cache_s?: number;
}
