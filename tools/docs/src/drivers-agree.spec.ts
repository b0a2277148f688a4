import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKEND_DRIVERS, BACKEND_TYPES, type BackendTypeDescription } from '@ipfs-kit/backends';
import { DEFAULT_SECRET_FIELDS } from '@ipfs-kit/metadata';
import { describeRegisteredBackends } from './backend-reference';

const REPO = join(__dirname, '..', '..', '..');

/** Every `enum` of the OpenAPI document that lists backend types, by its JSON path. */
function typeEnums(node: unknown, path = ''): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (Array.isArray(node)) {
    node.forEach((item, index) => typeEnums(item, `${path}/${index}`).forEach((value, key) => found.set(key, value)));
  } else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    const values = record['enum'];
    if (Array.isArray(values) && values.some((value) => (BACKEND_TYPES as readonly unknown[]).includes(value))) {
      found.set(path, values as string[]);
    }
    for (const [key, value] of Object.entries(record)) typeEnums(value, `${path}/${key}`).forEach((v, k) => found.set(k, v));
  }
  return found;
}

describe('the drivers are the one list of backend types', () => {
  let registered: BackendTypeDescription[];

  beforeAll(async () => {
    registered = await describeRegisteredBackends();
  });

  it('registers one type per driver of BACKEND_DRIVERS, and BACKEND_TYPES is that list', () => {
    const types = registered.map((type) => type.type);
    expect(types).toHaveLength(BACKEND_DRIVERS.length);
    expect(new Set(types).size).toBe(types.length);
    expect([...BACKEND_TYPES].sort()).toEqual([...types].sort());
  });

  it('the OpenAPI type enums (apps/api/openapi.json) list exactly the registered types, in the drivers\' order', async () => {
    const document = JSON.parse(await readFile(join(REPO, 'apps', 'api', 'openapi.json'), 'utf8')) as unknown;
    const enums = typeEnums(document);
    expect([...enums.keys()].sort()).toEqual([
      '/components/schemas/AddServiceDto/properties/type',
      '/components/schemas/TestServiceConfigDto/properties/type',
    ]);
    for (const values of enums.values()) expect(values).toEqual([...BACKEND_TYPES]);
  });

  it('the store\'s default secret fields are secret fields of the drivers, for types the drivers know', () => {
    // The API registers every driver's secret fields at start-up; the store's defaults only
    // cover a store opened without it, and must never name a field a driver does not keep secret.
    for (const [type, fields] of Object.entries(DEFAULT_SECRET_FIELDS)) {
      const driver = registered.find((described) => described.type === type);
      expect({ type, known: driver !== undefined }).toEqual({ type, known: true });
      const notSecret = fields.filter((field) => !(driver?.secret_fields ?? []).includes(field));
      expect({ type, notSecret }).toEqual({ type, notSecret: [] });
    }
  });

  it('docs/backends.md has a section and the secret fields of every registered type', async () => {
    const reference = await readFile(join(REPO, 'docs', 'backends.md'), 'utf8');
    const sections = [...reference.matchAll(/^## .*\(`([a-z0-9_]+)`\)$/gm)].map((match) => match[1]);
    expect(sections.sort()).toEqual(registered.map((type) => type.type).sort());
    for (const type of registered) {
      for (const secret of type.secret_fields) expect(reference).toContain(`\`${secret}\` (*secret*)`);
    }
  });
});
