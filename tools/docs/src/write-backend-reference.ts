import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeRegisteredBackends, renderBackendReference } from './backend-reference';

export const BACKEND_REFERENCE_PATH = join(__dirname, '..', '..', '..', 'docs', 'backends.md');

async function main(): Promise<void> {
  const types = await describeRegisteredBackends();
  await writeFile(BACKEND_REFERENCE_PATH, renderBackendReference(types));
  console.log(`wrote ${BACKEND_REFERENCE_PATH} (${types.length} backend types)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
