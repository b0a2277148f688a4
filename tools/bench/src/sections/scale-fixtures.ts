import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ScaleService {
  name: string;
  type: 'parquet' | 's3';
  config: Record<string, string | number | boolean>;
}

/** A YAML scalar: quoted, so a path or an endpoint reads back as the same string. */
const scalar = (value: string | number | boolean): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * Writes services straight into a store folder as a user (or the original) would:
 * services/<name>.yaml and state/<name>.json wanting them started, so the API checks them
 * from its start. Faster than 1,000 POSTs and the same store format (the original's).
 */
export async function writeStartedServices(home: string, services: readonly ScaleService[]): Promise<void> {
  await mkdir(join(home, 'services'), { recursive: true, mode: 0o700 });
  await mkdir(join(home, 'state'), { recursive: true, mode: 0o700 });
  const now = new Date().toISOString();
  for (const service of services) {
    const config = Object.entries(service.config)
      .map(([key, value]) => `  ${key}: ${scalar(value)}`)
      .join('\n');
    const yaml = `metadata:\n  service_name: ${service.name}\n  service_type: ${service.type}\n  version: '1.0'\nconfig:\n${config}\n`;
    await writeFile(join(home, 'services', `${service.name}.yaml`), yaml, { mode: 0o600 });
    const state = { status: 'running', desired_state: 'started', last_updated: now };
    await writeFile(join(home, 'state', `${service.name}.json`), JSON.stringify(state, null, 2), { mode: 0o600 });
  }
}

/** One parquet service per name, all on the same dataset folder. */
export function parquetServices(prefix: string, from: number, count: number, path: string): ScaleService[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(from + i).padStart(4, '0')}`,
    type: 'parquet' as const,
    config: { path },
  }));
}

/** S3 services whose endpoint accepts TCP connections and never answers. */
export function hungS3Services(count: number, port: number): ScaleService[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `hung-${i}`,
    type: 's3' as const,
    config: {
      bucket: 'never',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      force_path_style: true,
      access_key_id: 'bench',
      secret_access_key: 'bench-secret-never-sent',
      timeout_ms: 10_000,
    },
  }));
}
