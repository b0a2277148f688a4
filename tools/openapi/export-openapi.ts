/**
 * Writes the API's OpenAPI document to apps/api/openapi.json (sorted keys, operationId
 * = handler name), the file the SDK is generated from. Run: `npx nx run api:openapi`.
 * With `--check` it writes nothing and exits 1 when the committed file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateOpenApiJson } from '../../apps/api/src/app/openapi/generate-openapi';

const OUTPUT = join(__dirname, '..', '..', 'apps', 'api', 'openapi.json');

async function main(): Promise<void> {
  const generated = await generateOpenApiJson();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OUTPUT, 'utf8').catch(() => '');
    if (committed !== generated) {
      process.stderr.write('apps/api/openapi.json is out of date: run `npx nx run api:openapi`\n');
      process.exit(1);
    }
    process.stdout.write('apps/api/openapi.json is up to date\n');
    return;
  }
  await writeFile(OUTPUT, generated);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`OpenAPI export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
