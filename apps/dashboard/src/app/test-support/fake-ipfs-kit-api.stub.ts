import type {
  BackendTypeDto,
  FleetNodesResponseDto,
  FleetServicesResponseDto,
  OverviewResponseDto,
  ServiceOverviewDto,
  QuotaResponseDto,
  ServiceStatusDto,
  ServiceSummaryDto,
  StorageResponseDto,
} from '@ipfs-kit/sdk';
import { IpfsKitApi } from '../core/ipfs-kit-api';
import { ApiCallError } from '../core/sdk-call';
import { healthOf } from './fleet.fixture';
import { serviceBasics } from './service-basics.fixture';

export const parquetType: BackendTypeDto = {
  type: 'parquet',
  display_name: 'Parquet folder',
  description: 'A folder of Parquet files',
  capabilities: { lifecycle: 'activation', quota: true, stats: true, storage: true },
  secret_fields: [],
  templates: [],
  fields: [
    { name: 'path', type: 'string', required: true, secret: false, description: 'Folder to watch' },
    {
      name: 'recursive',
      type: 'boolean',
      required: false,
      secret: false,
      description: 'Walk sub-folders',
      default: true as never,
    },
    { name: 'quota_bytes', type: 'integer', required: false, secret: false, description: 'Declared limit' },
  ],
};

export const s3Type: BackendTypeDto = {
  type: 's3',
  display_name: 'Amazon S3',
  description: 'An S3 bucket',
  capabilities: { lifecycle: 'activation', quota: true, stats: true, storage: true },
  secret_fields: ['secret_access_key'],
  templates: [
    {
      id: 'minio',
      title: 'MinIO',
      description: 'Local MinIO',
      config: { bucket: 'data', endpoint: 'http://127.0.0.1:9000' },
    },
  ],
  fields: [
    { name: 'bucket', type: 'string', required: true, secret: false, description: 'Bucket name' },
    {
      name: 'region',
      type: 'string',
      required: false,
      secret: false,
      description: 'Region',
      default: 'us-east-1' as never,
    },
    { name: 'access_key_id', type: 'string', required: false, secret: false, description: 'Access key' },
    { name: 'secret_access_key', type: 'string', required: false, secret: true, description: 'Secret key' },
  ],
};

export function summary(name: string, overrides: Partial<ServiceSummaryDto> = {}): ServiceSummaryDto {
  return { ...serviceBasics(name), supported: true, ...overrides };
}

/** A row of the overview: a running, healthy parquet service unless overridden. */
export function overviewRow(name: string, overrides: Partial<ServiceOverviewDto> = {}): ServiceOverviewDto {
  return {
    ...summary(name),
    reason: null,
    reason_code: null,
    maintenance: null,
    latency_ms: 12,
    last_check: null,
    checks: [],
    ...overrides,
  };
}

const freshness = {
  age_s: 0,
  source: 'live' as const,
  stale: false,
  error: null,
  measured_at: '2026-01-01T00:00:00.000Z',
};

export function storageOf(name: string, overrides: Partial<StorageResponseDto> = {}): StorageResponseDto {
  return {
    ...freshness,
    service: name,
    type: 'parquet',
    basis: 'measured',
    used: 1536,
    used_size: 1536,
    total: null,
    total_size: null,
    free: null,
    available_size: null,
    objects: 3,
    quota: null,
    unknown: { total: 'a folder has no size limit' },
    ...overrides,
  };
}

export function quotaOf(name: string, overrides: Partial<QuotaResponseDto> = {}): QuotaResponseDto {
  return {
    ...freshness,
    service: name,
    type: 'parquet',
    basis: 'declared',
    quota: null,
    total: null,
    free: null,
    available: null,
    objects: null,
    used: null,
    unknown: { total: 'no quota_bytes declared' },
    ...overrides,
  } as QuotaResponseDto;
}

export function statusOf(name: string): ServiceStatusDto {
  return {
    ...freshness,
    name,
    type: 'parquet',
    backend_type: 'parquet',
    status: 'running',
    health: 'healthy',
    desired_state: 'started',
    supported: true,
    version: null,
    check_count: 4,
    checking: false,
    config: { path: '/data' },
    secrets: {},
    consecutive_failures: 0,
    failure_count: 0,
    dependencies: [],
    depends_on: [],
    last_check: null,
    last_success: null,
    latency_ms: 12,
    maintenance: null,
  };
}

/** The API with every call a jest mock; answers describe one running parquet service unless a test says otherwise. */
export class FakeIpfsKitApi implements Partial<Record<keyof IpfsKitApi, unknown>> {
  services: ServiceSummaryDto[] = [];
  rows: ServiceOverviewDto[] = [];
  overview = jest.fn(async (): Promise<OverviewResponseDto> => ({
    generated_at: '2026-01-01T00:00:00.000Z',
    available_types: ['parquet', 's3'],
    counts: { total: this.rows.length, by_status: {}, by_health: {}, by_type: {} },
    services: this.rows,
  }));
  eventsUrl = jest.fn(() => '/api/events?token=t');
  listServices = jest.fn(async () => ({
    services: this.services.map((s) => s.name),
    available_types: ['parquet', 's3'],
    details: this.services,
  }));
  listTypes = jest.fn(async () => [parquetType, s3Type]);
  status = jest.fn(async (name: string) => statusOf(name));
  stats = jest.fn(async (name: string) => ({
    ...freshness,
    service: name,
    type: 'parquet',
    stats: { files: 3 },
    unknown: {},
    details: null,
  }));
  storage = jest.fn(async (name: string) => storageOf(name));
  quota = jest.fn(async (name: string) => quotaOf(name));
  config = jest.fn();
  history = jest.fn(async (name: string) => ({
    subject: name,
    series: 'probe',
    resolution: 'raw' as const,
    from: '',
    to: '',
    truncated: false,
    points: [
      { t: '2026-01-01T00:00:00Z', count: 1, errors: 0, avg: { up: 1, latency_ms: 10 }, min: {}, max: {} },
      { t: '2026-01-01T00:01:00Z', count: 1, errors: 0, avg: { up: 1, latency_ms: 20 }, min: {}, max: {} },
    ],
  }));
  add = jest.fn(async () => ({ success: true, message: 'added' }));
  test = jest.fn(async () => ({
    success: true,
    message: 'ok',
    latency_ms: 3,
    type: 'parquet',
    version: null,
    error: null,
  }));
  patchConfig = jest.fn(async () => ({ success: true, message: 'Configuration updated' }));
  act = jest.fn(async () => ({ success: true, message: 'done' }));
  remove = jest.fn(async () => ({ success: true, message: 'removed' }));
  resources = jest.fn(async () => ({ host: null, api: null, daemons: [] }));
  /** A standalone node unless a test says otherwise (no fleet field, fleet routes 409). */
  health = jest.fn(async () => healthOf());
  fleetNodes = jest.fn(async (): Promise<FleetNodesResponseDto> => {
    throw new ApiCallError('this node runs standalone', 409);
  });
  fleetServices = jest.fn(async (): Promise<FleetServicesResponseDto> => {
    throw new ApiCallError('this node runs standalone', 409);
  });
  resourceHistory = jest.fn(async () => ({
    subject: 'host',
    series: 'resources',
    resolution: 'raw' as const,
    from: '',
    to: '',
    truncated: false,
    points: [],
  }));
}

export const provideFakeApi = (fake: FakeIpfsKitApi) => ({ provide: IpfsKitApi, useValue: fake });
