import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  closedPort,
  makeTempDir,
  recordingLogger,
  startS3rver,
  startSilentServer,
  type S3rverServer,
  type SilentServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { validateConfig } from '../contract/config-validation';
import { S3BackendDriver } from './s3.backend';
import { S3Connection, S3_NO_QUOTA_REASON } from './s3.connection';
import { S3Config } from './s3.config';
import { createS3Client } from './s3-client.factory';
import { resignWithSignatureV2 } from '../test-support/s3-signature-v2.middleware';

/** Known objects: keys and sizes, so the walk's sums can be checked exactly. */
const SIZED = [0, 1, 10, 100, 1_000, 10_000, 100_000].map((size, i) => ({ key: `data/object-${i}`, size }));
const EXTRA = { key: 'extra/one', size: 5 };
const SIZED_BYTES = SIZED.reduce((total, o) => total + o.size, 0);
const ALL_BYTES = SIZED_BYTES + EXTRA.size;
const ALL_OBJECTS = SIZED.length + 1;
/** More than one ListObjectsV2 page (S3 answers at most 1,000 keys per page). */
const MANY = 1_050;
const manySize = (i: number): number => (i % 7) + 1;
const MANY_BYTES = Array.from({ length: MANY }, (_, i) => manySize(i)).reduce((a, b) => a + b, 0);

const WRONG_SECRET = 'wrong-secret-7Qx9vTz3pL0sK2mN';
const CALL = { timeoutMs: 10_000 };

describe('S3 backend against a real s3rver (int)', () => {
  const sut = new S3BackendDriver();
  let server: S3rverServer;
  let seed: S3Client;
  let home: TempDir;
  const logger = recordingLogger();
  const errorTexts: string[] = [];
  const opened: BackendConnection[] = [];

  const context = (): BackendContext => ({
    serviceName: 's3-int',
    home: home.path,
    logger,
  });

  async function config(overrides: Record<string, unknown> = {}): Promise<S3Config> {
    return validateConfig(S3Config, {
      bucket: 'sized',
      endpoint: server.endpoint,
      region: 'us-east-1',
      access_key_id: server.accessKeyId,
      secret_access_key: server.secretAccessKey,
      force_path_style: true,
      timeout_ms: 10_000,
      ...overrides,
    });
  }

  async function connect(overrides: Record<string, unknown> = {}): Promise<BackendConnection> {
    const connection = sut.connect(await config(overrides), context());
    opened.push(connection);
    return connection;
  }

  /** Runs a call that must fail, keeps its texts for the secret check, returns the BackendError. */
  async function failure(pending: Promise<unknown>): Promise<BackendError> {
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    const backendError = error as BackendError;
    errorTexts.push(backendError.message, JSON.stringify(backendError), String(backendError.stack));
    return backendError;
  }

  async function put(bucket: string, key: string, size: number): Promise<void> {
    await seed.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(size, 0x61) }), {
      abortSignal: AbortSignal.timeout(10_000),
    });
  }

  beforeAll(async () => {
    home = await makeTempDir('s3-int-home');
    server = await startS3rver({ buckets: ['sized', 'many', 'cached'] });
    seed = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true },
    });
    for (const object of [...SIZED, EXTRA]) await put('sized', object.key, object.size);
    const keys = Array.from({ length: MANY }, (_, i) => i);
    for (let start = 0; start < MANY; start += 25) {
      await Promise.all(
        keys.slice(start, start + 25).map((i) => put('many', `k/${String(i).padStart(5, '0')}`, manySize(i))),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const connection of opened) await connection.close();
    seed?.destroy();
    await server?.stop();
    await home?.remove();
  });

  describe('measures a bucket', () => {
    it('probes with HeadBucket', async () => {
      const connection = await connect();
      const result = await connection.probe(CALL);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.detail).toMatchObject({ bucket: 'sized', endpoint: server.endpoint, region: 'us-east-1' });
      await connection.start(CALL);
      await connection.stop(CALL);
    });

    it('storage: counts every object and sums their sizes', async () => {
      const info = await (await connect()).storage(CALL);
      expect(info).toMatchObject({
        used: ALL_BYTES,
        objects: ALL_OBJECTS,
        total: null,
        free: null,
        source: 'measured',
      });
      expect(info.unknown).toEqual({ total: S3_NO_QUOTA_REASON, free: `no total: ${S3_NO_QUOTA_REASON}` });
      expect(Number.isNaN(Date.parse(info.measuredAt))).toBe(false);
    });

    it('storage: only the configured prefix', async () => {
      const info = await (await connect({ prefix: 'data/' })).storage(CALL);
      expect(info).toMatchObject({ used: SIZED_BYTES, objects: SIZED.length });
    });

    it('quota without quota_bytes: no total, with the reason', async () => {
      const info = await (await connect()).quota(CALL);
      expect(info).toMatchObject({
        total: null,
        used: ALL_BYTES,
        free: null,
        objects: ALL_OBJECTS,
        source: 'measured',
      });
      expect(info.unknown?.total).toBe(S3_NO_QUOTA_REASON);
    });

    it('quota with quota_bytes: declared total, measured use, derived free', async () => {
      const info = await (await connect({ quota_bytes: 1_000_000 })).quota(CALL);
      expect(info).toMatchObject({
        total: 1_000_000,
        used: ALL_BYTES,
        free: 1_000_000 - ALL_BYTES,
        objects: ALL_OBJECTS,
        source: 'declared',
      });
      expect(info.unknown).toBeUndefined();
      // storage tells the same numbers: its total is the declared one too.
      expect(await (await connect({ quota_bytes: 1_000_000 })).storage(CALL)).toMatchObject({
        total: 1_000_000,
        used: ALL_BYTES,
        free: 1_000_000 - ALL_BYTES,
        source: 'declared',
      });
    });

    it('stats: objects, bytes, walk time and the bucket region', async () => {
      const stats = await (await connect()).stats(CALL);
      expect(stats.values).toMatchObject({
        bucket: 'sized',
        endpoint: server.endpoint,
        region: 'us-east-1',
        bucket_region: 'us-east-1',
        objects: ALL_OBJECTS,
        bytes: ALL_BYTES,
        objects_counted: ALL_OBJECTS,
        bytes_counted: ALL_BYTES,
        walk_complete: true,
        walk_pages: 1,
        max_list_objects: 100_000,
        storage_cache_s: 900,
      });
      expect(stats.values['walk_at']).toBe(stats.measuredAt);
      expect(stats.unknown).toBeUndefined();
    });

    it('walks past one page by continuation tokens', async () => {
      const connection = await connect({ bucket: 'many' });
      const info = await connection.storage(CALL);
      expect(info).toMatchObject({ used: MANY_BYTES, objects: MANY });
      expect((await connection.stats(CALL)).values).toMatchObject({
        walk_pages: 2,
        walk_complete: true,
        objects: MANY,
      });
    });
  });

  describe('bounded walks', () => {
    it('a small max_list_objects stops the walk and says the counts are lower bounds', async () => {
      const connection = await connect({ max_list_objects: 3, quota_bytes: 1_000_000 });
      const storage = await connection.storage(CALL);
      // keys list in order: data/object-0, -1, -2 (0 + 1 + 10 bytes)
      const reason =
        'bucket walk stopped at max_list_objects=3: at least 11 bytes in at least 3 objects (raise max_list_objects)';
      expect(storage).toMatchObject({ used: null, objects: null, total: 1_000_000, free: null, source: 'declared' });
      expect(storage.unknown).toMatchObject({ used: reason, objects: reason });
      const quota = await connection.quota(CALL);
      expect(quota).toMatchObject({ total: 1_000_000, used: null, free: null, source: 'declared' });
      const stats = await connection.stats(CALL);
      expect(stats.values).toMatchObject({
        objects: null,
        bytes: null,
        objects_counted: 3,
        bytes_counted: 11,
        walk_complete: false,
        walk_stopped_by: 'max_list_objects',
        max_list_objects: 3,
      });
      expect(stats.unknown).toMatchObject({ objects: reason, bytes: reason });
      expect(logger.lines.some((line) => line.includes(reason))).toBe(true);
    });

    it('a bound inside the second page counts exactly up to it', async () => {
      const stats = await (await connect({ bucket: 'many', max_list_objects: 1_020 })).stats(CALL);
      expect(stats.values).toMatchObject({
        objects_counted: 1_020,
        walk_pages: 2,
        walk_complete: false,
        objects: null,
      });
    });

    it('reuses a walk for storage_cache_s, and lists afresh when it is 0', async () => {
      await put('cached', 'first', 40);
      const cached = await connect({ bucket: 'cached' });
      const uncached = await connect({ bucket: 'cached', storage_cache_s: 0 });
      expect(await cached.storage(CALL)).toMatchObject({ used: 40, objects: 1 });
      expect(await uncached.storage(CALL)).toMatchObject({ used: 40, objects: 1 });
      await put('cached', 'second', 2);
      const again = await cached.storage(CALL);
      expect(again).toMatchObject({ used: 40, objects: 1 });
      expect(await uncached.storage(CALL)).toMatchObject({ used: 42, objects: 2 });
      await cached.stop(CALL);
      expect(await cached.storage(CALL)).toMatchObject({ used: 42, objects: 2 });
    });
  });

  describe('failure modes', () => {
    it('a wrong access key id: unauthorized (s3rver checks the key id)', async () => {
      const connection = await connect({ access_key_id: 'NOT-A-KEY', secret_access_key: WRONG_SECRET });
      const probe = await failure(connection.probe(CALL));
      expect(probe.code).toBe('unauthorized');
      expect(probe.status).toBe(403);
      expect(probe.message).toContain('InvalidAccessKeyId');
      expect(probe.message).toContain(`bucket "sized" at ${server.endpoint}`);
      const storage = await failure(connection.storage(CALL));
      expect(storage.code).toBe('unauthorized');
    });

    it('a wrong secret key under Signature V4 is accepted: s3rver does not verify V4 signatures', async () => {
      // Documents the test bed's limit: on AWS this probe fails with 403.
      const connection = await connect({ secret_access_key: WRONG_SECRET });
      await expect(connection.probe(CALL)).resolves.toMatchObject({ detail: { bucket: 'sized' } });
    });

    it('a wrong secret key, signed with Signature V2 that s3rver verifies: unauthorized SignatureDoesNotMatch', async () => {
      const connectResigned = async (secret: string): Promise<S3Connection> => {
        const cfg = await config({ secret_access_key: secret });
        const client = await createS3Client(cfg);
        resignWithSignatureV2(client);
        const connection = new S3Connection(cfg, context(), client);
        opened.push(connection);
        return connection;
      };
      // Control: the same re-signing with the right secret passes.
      await expect((await connectResigned(server.secretAccessKey)).probe(CALL)).resolves.toBeDefined();
      const wrong = await connectResigned(WRONG_SECRET);
      const probe = await failure(wrong.probe(CALL));
      expect(probe.code).toBe('unauthorized');
      expect(probe.message).toContain('SignatureDoesNotMatch');
      expect(probe.message).toContain('check secret_access_key');
      const stats = await failure(wrong.stats(CALL));
      expect(stats.code).toBe('unauthorized');
    });

    it('a missing bucket: not_found naming the bucket', async () => {
      const connection = await connect({ bucket: 'no-such-bucket' });
      const probe = await failure(connection.probe(CALL));
      expect(probe.code).toBe('not_found');
      expect(probe.status).toBe(404);
      expect(probe.message).toContain('bucket "no-such-bucket" not found');
      const storage = await failure(connection.storage(CALL));
      expect(storage.code).toBe('not_found');
      expect(storage.message).toContain('NoSuchBucket');
    });

    it('nothing listening: unreachable naming the endpoint', async () => {
      const port = await closedPort();
      const connection = await connect({ endpoint: `http://127.0.0.1:${port}` });
      const probe = await failure(connection.probe(CALL));
      expect(probe.code).toBe('unreachable');
      expect(probe.message).toContain(`cannot reach http://127.0.0.1:${port}`);
      expect(probe.message).toContain('ECONNREFUSED');
      expect((await failure(connection.quota(CALL))).code).toBe('unreachable');
    });

    describe('a silent server', () => {
      let silent: SilentServer;
      beforeAll(async () => {
        silent = await startSilentServer();
      });
      afterAll(async () => {
        await silent?.close();
      });

      it('times out at timeout_ms', async () => {
        const connection = await connect({ endpoint: `http://127.0.0.1:${silent.port}`, timeout_ms: 500 });
        const probe = await failure(connection.probe({ timeoutMs: 500 }));
        expect(probe.code).toBe('timeout');
        expect(probe.message).toContain('500 ms');
        const storage = await failure(connection.storage({ timeoutMs: 500 }));
        expect(storage.code).toBe('timeout');
        expect(silent.accepted()).toBeGreaterThan(0);
      });

      it('ends at the caller cancel', async () => {
        const connection = await connect({ endpoint: `http://127.0.0.1:${silent.port}` });
        const controller = new AbortController();
        const pending = connection.probe({ timeoutMs: 30_000, signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        const error = await failure(pending);
        expect(error.code).toBe('timeout');
        expect(error.message).toContain('was cancelled');
      });
    });

    it('close() twice is safe', async () => {
      const connection = await connect();
      await connection.close();
      await expect(connection.close()).resolves.toBeUndefined();
    });
  });

  it('no secret key appears in any error message or logger call', () => {
    expect(errorTexts.length).toBeGreaterThanOrEqual(10);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const text of [...errorTexts, ...logger.lines]) {
      expect(text).not.toContain(WRONG_SECRET);
      expect(text).not.toContain(server.secretAccessKey);
    }
  });
});
