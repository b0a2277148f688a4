import { homedir } from 'node:os';
import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { BackendRegistry } from '../registry/backend-registry';
import { DatasetFolderConnection } from '../dataset-folder/dataset-folder.connection';
import { memoryFileRange } from '../test-support/memory-file-range.stub';
import { testContext } from '../test-support/test-context';
import { ParquetBackendDriver } from './parquet.backend';
import { ParquetConfig } from './parquet.config';
import { ParquetFooterReader } from './parquet-footer.reader';

async function problems(raw: unknown): Promise<Record<string, string[]>> {
  const error = await validateConfig(ParquetConfig, raw).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigValidationError);
  return Object.fromEntries((error as ConfigValidationError).problems.map((p) => [p.field, p.messages]));
}

describe(ParquetBackendDriver.name, () => {
  const sut = new ParquetBackendDriver();

  describe('config', () => {
    it('requires path', async () => {
      expect(Object.keys(await problems({}))).toEqual(['path']);
      expect(Object.keys(await problems({ path: '' }))).toEqual(['path']);
    });

    it('requires an absolute path or one starting with ~/', async () => {
      expect(await problems({ path: 'datasets/events' })).toEqual({ path: ['path must be absolute or start with ~/'] });
      expect(await problems({ path: '~ada/events' })).toEqual({ path: ['path must be absolute or start with ~/'] });
      await expect(validateConfig(ParquetConfig, { path: '~/datasets' })).resolves.toMatchObject({
        path: '~/datasets',
      });
      await expect(validateConfig(ParquetConfig, { path: '/srv/data' })).resolves.toMatchObject({ path: '/srv/data' });
    });

    it('checks recursive and max_files, refuses unknown keys, accepts the common keys', async () => {
      expect(Object.keys(await problems({ path: '/d', recursive: 'yes' }))).toEqual(['recursive']);
      expect(Object.keys(await problems({ path: '/d', max_files: 0 }))).toEqual(['max_files']);
      expect(Object.keys(await problems({ path: '/d', max_files: 1_000_001 }))).toEqual(['max_files']);
      expect(Object.keys(await problems({ path: '/d', max_files: 2.5 }))).toEqual(['max_files']);
      expect(Object.keys(await problems({ path: '/d', bucket: 'x' }))).toEqual(['bucket']);
      await expect(
        validateConfig(ParquetConfig, {
          path: '/d',
          recursive: false,
          max_files: 5,
          quota_bytes: 10,
          timeout_ms: 5000,
          enabled: true,
        }),
      ).resolves.toBeInstanceOf(ParquetConfig);
    });

    it('offers templates that pass validation', async () => {
      expect(sut.templates.length).toBeGreaterThan(0);
      for (const template of sut.templates)
        await expect(validateConfig(ParquetConfig, template.config)).resolves.toBeDefined();
    });
  });

  it('is found by the registry with a form describing path, recursive and max_files, and no secrets', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [ParquetBackendDriver, BackendRegistry],
    }).compile();
    await moduleRef.init();
    const described = moduleRef.get(BackendRegistry).describe('parquet');
    await moduleRef.close();
    expect(described.capabilities).toEqual({ stats: true, quota: true, storage: true, lifecycle: 'activation' });
    expect(described.secret_fields).toEqual([]);
    const fields = Object.fromEntries(described.fields.map((f) => [f.name, f]));
    expect(fields['path']).toMatchObject({ type: 'string', required: true, secret: false });
    expect(fields['path'].description).toContain('~');
    expect(fields['path'].description).toContain('Absolute');
    expect(fields['recursive']).toMatchObject({ type: 'boolean', required: false, default: true });
    expect(fields['max_files']).toMatchObject({ type: 'integer', default: 10_000 });
  });

  it('connects to the folder the path names, ~ expanded', async () => {
    const connection = sut.connect(await validateConfig(ParquetConfig, { path: '~/datasets/x/' }), testContext('pq'));
    expect(connection).toBeInstanceOf(DatasetFolderConnection);
    expect((connection as DatasetFolderConnection).settings).toEqual({
      root: `${homedir()}/datasets/x`,
      recursive: true,
      maxFiles: 10_000,
      quotaBytes: undefined,
      formatName: 'Parquet',
    });
    await connection.close();
  });

  describe(ParquetFooterReader.name, () => {
    const reader = new ParquetFooterReader();
    const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

    it('says why a file is not Parquet', async () => {
      await expect(reader.summarize(memoryFileRange(ascii('PAR1PAR1')))).rejects.toThrow(
        'too short for a Parquet file (8 bytes)',
      );
      await expect(reader.summarize(memoryFileRange(ascii('id,name\n1,ada\n2,bob\n')))).rejects.toThrow(
        'not a Parquet file: it does not start with PAR1',
      );
    });

    it('says when the footer is missing or its length is wrong', async () => {
      await expect(reader.summarize(memoryFileRange(ascii('PAR1 some column data, no footer')))).rejects.toThrow(
        'footer != PAR1',
      );
      const badLength = new Uint8Array([...ascii('PAR1'), 1, 2, 3, 4, 5, 0xff, 0xff, 0, 0, ...ascii('PAR1')]);
      await expect(reader.summarize(memoryFileRange(badLength))).rejects.toThrow('exceeds available buffer');
    });
  });
});
