import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
