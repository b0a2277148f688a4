import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { BackendRegistry } from '../registry/backend-registry';
import { S3BackendDriver } from './s3.backend';
import { S3Config } from './s3.config';

async function problemsOf(raw: unknown): Promise<Record<string, string[]>> {
  const error = await validateConfig(S3Config, raw).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigValidationError);
  return Object.fromEntries((error as ConfigValidationError).problems.map((p) => [p.field, p.messages]));
}

describe(S3BackendDriver.name, () => {
  const sut = new S3BackendDriver();

  describe('config validation', () => {
    it('accepts a bucket alone (region defaults, SDK credential chain)', async () => {
      const config = await validateConfig(S3Config, { bucket: 'my-bucket' });
      expect(config).toBeInstanceOf(S3Config);
      expect(config.bucket).toBe('my-bucket');
      expect(config.region).toBeUndefined();
    });

    it('accepts every documented key plus the walk bounds', async () => {
      const raw = {
        bucket: 'backups.example',
        region: 'eu-central-1',
        endpoint: 'http://127.0.0.1:9000',
        access_key_id: 'minioadmin',
        secret_access_key: 'minio-secret-value',
        force_path_style: true,
        prefix: 'ipfs/',
        max_list_objects: 5000,
        storage_cache_s: 0,
        timeout_ms: 2000,
        quota_bytes: 1_000_000,
      };
      const config = await validateConfig(S3Config, raw);
      expect({ ...config }).toEqual(raw);
    });

    it('requires bucket', async () => {
      expect(Object.keys(await problemsOf({ region: 'us-east-1' }))).toEqual(['bucket']);
    });

    it.each([
      ['a bucket with a slash', { bucket: 'a/b' }, 'bucket'],
      ['a two-letter bucket', { bucket: 'ab' }, 'bucket'],
      ['a region with spaces', { bucket: 'abc', region: 'us east' }, 'region'],
      ['an endpoint without protocol', { bucket: 'abc', endpoint: '127.0.0.1:9000' }, 'endpoint'],
      ['an ftp endpoint', { bucket: 'abc', endpoint: 'ftp://127.0.0.1' }, 'endpoint'],
      ['max_list_objects 0', { bucket: 'abc', max_list_objects: 0 }, 'max_list_objects'],
      ['a fractional max_list_objects', { bucket: 'abc', max_list_objects: 1.5 }, 'max_list_objects'],
      ['a negative storage_cache_s', { bucket: 'abc', storage_cache_s: -1 }, 'storage_cache_s'],
      ['force_path_style as a string', { bucket: 'abc', force_path_style: 'true' }, 'force_path_style'],
      ['an unknown key', { bucket: 'abc', secret_key: 'x' }, 'secret_key'],
    ])('refuses %s', async (_label, raw, field) => {
      expect(Object.keys(await problemsOf(raw))).toEqual([field]);
    });

    it('refuses an endpoint carrying credentials, without echoing them', async () => {
      const problems = await problemsOf({ bucket: 'abc', endpoint: 'http://AKIA:hunter2-secret@127.0.0.1:9000' });
      expect(Object.keys(problems)).toEqual(['endpoint']);
      expect(JSON.stringify(problems)).not.toContain('hunter2-secret');
    });

    it('refuses one key of the pair without the other, and never echoes the secret', async () => {
      expect(Object.keys(await problemsOf({ bucket: 'abc', access_key_id: 'AKIA' }))).toEqual(['secret_access_key']);
      const problems = await problemsOf({ bucket: 'abc', secret_access_key: 'only-the-secret-123' });
      expect(Object.keys(problems)).toEqual(['access_key_id']);
      expect(JSON.stringify(problems)).not.toContain('only-the-secret-123');
    });

    it('refuses an empty secret', async () => {
      expect(Object.keys(await problemsOf({ bucket: 'abc', access_key_id: 'AKIA', secret_access_key: '' }))).toEqual([
        'secret_access_key',
      ]);
    });
  });

  describe('description', () => {
    it('offers templates that are valid configs and hold no secret', async () => {
      expect(sut.templates.map((t) => t.title)).toEqual([
        'AWS S3 bucket',
        'MinIO / S3-compatible endpoint (path style)',
      ]);
      for (const template of sut.templates) {
        await expect(validateConfig(S3Config, template.config)).resolves.toBeInstanceOf(S3Config);
        expect(template.config).not.toHaveProperty('secret_access_key');
      }
    });

    it('is found by the registry through its module, with its secret field marked', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [DiscoveryModule],
        providers: [S3BackendDriver, BackendRegistry],
      }).compile();
      await moduleRef.init();
      const described = moduleRef.get(BackendRegistry).describe('s3');
      expect(described.display_name).toBe('S3 bucket');
      expect(described.capabilities).toEqual({ stats: true, quota: true, storage: true, lifecycle: 'activation' });
      expect(described.secret_fields).toEqual(['secret_access_key']);
      const fields = Object.fromEntries(described.fields.map((f) => [f.name, f]));
      expect(fields['bucket']).toMatchObject({ type: 'string', required: true, secret: false });
      expect(fields['region']).toMatchObject({ type: 'string', required: false, default: 'us-east-1' });
      expect(fields['force_path_style']).toMatchObject({ type: 'boolean', default: false });
      expect(fields['max_list_objects']).toMatchObject({ type: 'integer', default: 100_000 });
      expect(Object.keys(fields)).toEqual(
        expect.arrayContaining([
          'bucket',
          'region',
          'endpoint',
          'access_key_id',
          'secret_access_key',
          'force_path_style',
        ]),
      );
      await moduleRef.close();
    });
  });
});
