import { mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@ipfs-kit/testbed';

export interface SeededService {
  name: string;
  type: string;
  config: Record<string, unknown>;
}

/** Writes services as the store's YAML files (services/<name>.yaml), as a person or the original would. */
export async function writeServiceFiles(home: string, services: SeededService[]): Promise<void> {
  const dir = join(home, 'services');
  await mkdir(dir, { recursive: true });
  await Promise.all(
    services.map((service) =>
      writeFile(
        join(dir, `${service.name}.yaml`),
        [
          'metadata:',
          `  service_name: ${service.name}`,
          `  service_type: ${service.type}`,
          "  version: '1.0'",
          'config:',
          ...Object.entries(service.config).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`),
          '',
        ].join('\n'),
      ),
    ),
  );
}

export interface HistorySeed {
  name: string;
  days: number;
  outages?: boolean;
}

/**
 * Writes a probe history for the services through the API's own history store
 * (apps/api/src/test-support/seed-history.fixture.ts, run with ts-node), before the API starts.
 */
export function seedHistory(home: string, services: HistorySeed[]): void {
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/test-support/seed-history.fixture.ts',
      JSON.stringify({ home, services }),
    ],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_BASEURL: REPO_ROOT,
      },
    },
  );
  if (run.status !== 0)
    throw new Error(`seeding the history failed (${run.status}): ${run.stderr || run.error?.message}`);
}
