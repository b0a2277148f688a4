import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKEND_TYPES } from '@ipfs-kit/backends';
import { describeRegisteredBackends, renderBackendReference } from './backend-reference';

describe('docs/backends.md', () => {
  it('lists every backend type with its fields and is in sync with the registry (run `npx nx run docs:generate`)', async () => {
    const types = await describeRegisteredBackends();
    const committed = await readFile(join(__dirname, '..', '..', '..', 'docs', 'backends.md'), 'utf8');

    expect(types.map((type) => type.type).sort()).toEqual([...BACKEND_TYPES].sort());
    expect(committed).toBe(renderBackendReference(types));
    for (const type of types) {
      expect(committed).toContain(`(\`${type.type}\`)`);
      for (const secret of type.secret_fields) expect(committed).toContain(`\`${secret}\` (*secret*)`);
    }
  });
});
