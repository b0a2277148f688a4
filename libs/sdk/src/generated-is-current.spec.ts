import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const COMMITTED = join(__dirname, 'generated');

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the committed generated SDK', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), 'ipfs-kit-sdk-'));
    execFileSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'openapi-ts'),
      ['-i', join(REPO_ROOT, 'apps', 'api', 'openapi.json'), '-o', fresh],
      { cwd: REPO_ROOT, stdio: 'pipe', timeout: 60_000 },
    );
  }, 90_000);

  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('matches a fresh generation from apps/api/openapi.json', () => {
    const hint = 'libs/sdk/src/generated is out of date: run `npx nx run sdk:generate`';
    const committedFiles = listFiles(COMMITTED);
    const freshFiles = listFiles(fresh);
    if (committedFiles.join('\n') !== freshFiles.join('\n')) {
      throw new Error(`${hint} (files differ: committed ${committedFiles.join(', ')}; fresh ${freshFiles.join(', ')})`);
    }
    const changed = freshFiles.filter(
      (file) => readFileSync(join(fresh, file), 'utf8') !== readFileSync(join(COMMITTED, file), 'utf8'),
    );
    if (changed.length > 0) throw new Error(`${hint} (changed: ${changed.join(', ')})`);
    expect(changed).toEqual([]);
  });
});
