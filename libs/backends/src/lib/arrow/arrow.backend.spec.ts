import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { BackendRegistry } from '../registry/backend-registry';
import { memoryFileRange } from '../test-support/memory-file-range.stub';
import { ArrowBackendDriver } from './arrow.backend';
import { ArrowConfig } from './arrow.config';
import { ArrowIpcReader } from './arrow-ipc.reader';

function table(ids: number[]): Table {
  return new Table({
    id: vectorFromArray(ids, new Int32()),
    name: vectorFromArray(
      ids.map((i) => `n${i}`),
      new Utf8(),
    ),
  });
}

/** 25 rows in batches of 10, 10 and 5. */
const SAMPLE = table([...Array(10).keys()]).concat(table([...Array(10).keys()]), table([...Array(5).keys()]));
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe(ArrowBackendDriver.name, () => {
  const sut = new ArrowBackendDriver();

  it('validates path like every dataset folder: required, absolute or ~/', async () => {
    const missing = await validateConfig(ArrowConfig, { recursive: true }).catch((e: unknown) => e);
    expect((missing as ConfigValidationError).problems.map((p) => p.field)).toEqual(['path']);
    const relative = await validateConfig(ArrowConfig, { path: 'features' }).catch((e: unknown) => e);
    expect((relative as ConfigValidationError).problems).toEqual([
      { field: 'path', messages: ['path must be absolute or start with ~/'] },
    ]);
    for (const template of sut.templates)
      await expect(validateConfig(ArrowConfig, template.config)).resolves.toBeInstanceOf(ArrowConfig);
  });

  it('is found by the registry, with no secret fields', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [ArrowBackendDriver, BackendRegistry],
    }).compile();
    await moduleRef.init();
    const described = moduleRef.get(BackendRegistry).describe('arrow');
    await moduleRef.close();
    expect(described.secret_fields).toEqual([]);
    expect(described.fields.map((f) => f.name)).toEqual([
      'enabled',
      'check_interval_s',
      'timeout_ms',
      'quota_bytes',
      'depends_on',
      'path',
      'recursive',
      'max_files',
    ]);
  });

  describe(ArrowIpcReader.name, () => {
    const reader = new ArrowIpcReader();
    const signal = new AbortController().signal;
    const columns = [
      { name: 'id', type: 'Int32' },
      { name: 'name', type: 'Utf8' },
    ];

    it('reads rows and batches of the IPC file format from the footer and batch headers only', async () => {
      const bytes = tableToIPC(SAMPLE, 'file');
      const range = memoryFileRange(bytes);
      expect(await reader.summarize(range, signal)).toEqual({ rows: 25, chunks: 3, columns, format: 'ipc-file' });
      expect(range.bytesRead).toBeLessThan(bytes.byteLength);
    });

    it('reads the IPC stream format message by message, skipping bodies', async () => {
      const bytes = tableToIPC(SAMPLE, 'stream');
      expect(await reader.summarize(memoryFileRange(bytes), signal)).toEqual({
        rows: 25,
        chunks: 3,
        columns,
        format: 'ipc-stream',
      });
      // A stream whose writer stopped before the end-of-stream marker is still complete.
      const noEos = bytes.slice(0, bytes.byteLength - 8);
      expect(await reader.summarize(memoryFileRange(noEos), signal)).toMatchObject({ rows: 25, chunks: 3 });
    });

    it('says why a file cannot be read', async () => {
      const file = tableToIPC(SAMPLE, 'file');
      const stream = tableToIPC(SAMPLE, 'stream');
      const cases: [Uint8Array, string][] = [
        [ascii('ARROW'), 'too short for an Arrow IPC file or stream (5 bytes)'],
        [
          ascii('FEA1 an old feather file FEA1'),
          'Feather v1 is not supported (Feather v2 is the Arrow IPC file format)',
        ],
        [file.slice(0, file.byteLength - 3), 'Arrow IPC file is incomplete: it does not end with ARROW1 (cut short?)'],
        [stream.slice(0, stream.byteLength - 20), 'Arrow IPC stream is incomplete'],
        [ascii('id,name\n1,ada\n2,bob\n'), 'not an Arrow IPC file or stream: no schema message at the start'],
      ];
      for (const [bytes, reason] of cases) {
        await expect(reader.summarize(memoryFileRange(bytes), signal)).rejects.toThrow(reason);
      }
    });

    it('stops when the signal aborts', async () => {
      await expect(
        reader.summarize(memoryFileRange(tableToIPC(SAMPLE, 'stream')), AbortSignal.abort()),
      ).rejects.toThrow();
    });
  });
});
