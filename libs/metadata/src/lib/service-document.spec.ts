import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentFormatError } from './metadata-errors';
import { parseYaml } from './safe-yaml';
import { buildServiceDocument, decodeServiceDocument, serializeServiceDocument } from './service-document';
import { LEGACY_FIXTURE_DIR, SEED_SERVICE_FILES } from '../test-support/seed-examples.fixture';

describe('service documents', () => {
  it.each(Object.keys(SEED_SERVICE_FILES))('round-trips the seed example %s byte for byte', (name) => {
    const text = SEED_SERVICE_FILES[name];
    const decoded = decodeServiceDocument(name, parseYaml(text));
    expect(decoded.type).toBe(name);
    const raw = parseYaml(text) as { metadata: { last_updated: string } };
    const rebuilt = buildServiceDocument(
      name,
      decoded.type,
      decoded.config,
      raw.metadata.last_updated,
      decoded.version,
    );
    expect(serializeServiceDocument(rebuilt)).toBe(text);
  });

  it('keeps the fixture files identical to the seed examples', async () => {
    for (const [name, text] of Object.entries(SEED_SERVICE_FILES)) {
      expect(await readFile(join(LEGACY_FIXTURE_DIR, 'services', `${name}.yaml`), 'utf8')).toBe(text);
    }
  });

  it('decodes the original timestamps to JavaScript ISO strings', () => {
    const decoded = decodeServiceDocument('ipfs', parseYaml(SEED_SERVICE_FILES['ipfs']));
    expect(decoded).toEqual({
      type: 'ipfs',
      config: { host: 'localhost', port: 5001, gateway_port: 8080, enabled: true },
      lastUpdated: '2025-08-16T00:11:58.327Z',
      version: '1.0',
    });
  });

  it('writes service_type only when the name differs from the type', () => {
    const same = serializeServiceDocument(
      buildServiceDocument('s3', 's3', { bucket: 'b' }, '2026-01-01T00:00:00.000Z'),
    );
    const other = serializeServiceDocument(
      buildServiceDocument('backup', 's3', { bucket: 'b' }, '2026-01-01T00:00:00.000Z'),
    );
    expect(same).not.toContain('service_type');
    expect(other).toBe(`metadata:
  service_name: backup
  service_type: s3
  last_updated: '2026-01-01T00:00:00.000Z'
  version: '1.0'
config:
  bucket: b
`);
    expect(decodeServiceDocument('backup', parseYaml(other)).type).toBe('s3');
  });

  it('tolerates a hand-written file without metadata, refuses other shapes', () => {
    expect(decodeServiceDocument('ftp', parseYaml('config:\n  host: h\n'))).toEqual({
      type: 'ftp',
      config: { host: 'h' },
      lastUpdated: null,
      version: '1.0',
    });
    expect(() => decodeServiceDocument('ftp', parseYaml('- a\n'))).toThrow(DocumentFormatError);
    expect(() => decodeServiceDocument('ftp', parseYaml('metadata: {}\n'))).toThrow(/no 'config' mapping/);
    expect(() => decodeServiceDocument('ftp', parseYaml('config: [1]\n'))).toThrow(/no 'config' mapping/);
    expect(() => decodeServiceDocument('ftp', parseYaml('metadata: {service_type: "../x"}\nconfig: {}\n'))).toThrow(
      /service_type/,
    );
    expect(() => decodeServiceDocument('ftp', parseYaml('config:\n  __proto__: {a: 1}\n'))).toThrow(/not allowed/);
  });
});
