import type { ParameterObject } from '@nestjs/swagger';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPPED_ROUTES } from '../http/concurrency-caps';
import { canWrite, WRITES_NOTHING } from './declared-errors';
import { generateOpenApiJson } from './generate-openapi';

const COMMITTED = join(__dirname, '..', '..', '..', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface ErrorResponse {
  content?: Record<string, { schema?: unknown }>;
}

interface Operation {
  operationId?: string;
  parameters?: ParameterObject[];
  security?: unknown[];
  responses?: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let generated: string;
  let document: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

  beforeAll(async () => {
    generated = await generateOpenApiJson();
    document = JSON.parse(generated);
  });

  it('matches the committed apps/api/openapi.json', async () => {
    const committed = await readFile(COMMITTED, 'utf8').catch(() => '');
    if (committed !== generated) {
      throw new Error('apps/api/openapi.json is out of date: run `npx nx run api:openapi` and commit the file');
    }
  });

  it('is deterministic', async () => {
    expect(await generateOpenApiJson()).toBe(generated);
  });

  it('names each operation after its handler, once, and guards all but the health check', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Operation })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, operation } of operations) {
      const expected = path === '/api/system/health' ? undefined : [{ bearer: [] }];
      expect({ path, security: operation.security }).toEqual({ path, security: expected });
      expect(Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2'))).toBe(true);
    }
    // Errors from outside the handlers, on every operation where they can happen, with the JSON error shape.
    const errorShape = { $ref: '#/components/schemas/ApiErrorDto' };
    const declares = (operation: Operation, status: string) => (operation.responses?.[status] as ErrorResponse | undefined)?.content?.['application/json']?.schema;
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, 421: declares(operation, '421') }).toEqual({ where, 421: errorShape });
      if (operation.security) expect({ where, 401: declares(operation, '401') }).toEqual({ where, 401: errorShape });
      if (canWrite(method, operation)) expect({ where, 507: declares(operation, '507') }).toEqual({ where, 507: errorShape });
    }
    const having = (status: string) => operations.filter(({ operation }) => operation.responses?.[status]).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    // A GET that can write (`?refresh=true` checks or reads live, and stores what it got) declares 507; the other GETs do not.
    expect(having('507').filter((where) => where.startsWith('GET ')).sort()).toEqual([
      'GET /api/services/status',
      'GET /api/services/{name}/quota',
      'GET /api/services/{name}/stats',
      'GET /api/services/{name}/status',
      'GET /api/services/{name}/storage',
    ]);
    expect(having('429').sort()).toEqual(CAPPED_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    expect(having('503')).toEqual(
      expect.arrayContaining([
        'POST /api/services/add',
        'DELETE /api/services/{name}',
        'POST /api/services/{name}/start',
        'POST /api/services/{name}/stop',
        'POST /api/services/{name}/restart',
        'POST /api/backup/restore',
      ]),
    );
    expect([...WRITES_NOTHING].every((id) => ids.includes(id))).toBe(true);

    // Every endpoint of the original, at its original path.
    const paths = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/services/add',
        'DELETE /api/services/{name}',
        'GET /api/services/list',
        'GET /api/services/status',
        'GET /api/services/{name}/status',
        'POST /api/services/{name}/start',
        'POST /api/services/{name}/stop',
        'GET /api/services/{name}/config',
        'PUT /api/services/{name}/config',
        'GET /api/services/{name}/stats',
        'GET /api/services/{name}/quota',
        'GET /api/services/{name}/storage',
        'GET /api/monitoring/{name}',
        'GET /api/backends/stats',
        'GET /api/system/health',
        'GET /api/mcp/status',
      ]),
    );
  });
});
