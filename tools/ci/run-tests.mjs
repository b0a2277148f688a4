// Runs every project's tests: the unit specs (target `test`) and the specs that need
// real servers (target `int`: integration, contract, end-to-end and browser tests), and ends with one plain line "tests: N passed, N failed, N skipped".
// Fails when a test fails or when no test ran at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(process.cwd(), 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const nxArgs = ['run-many', '-t', 'test', 'int', '--parallel=2', '--outputStyle=stream', '--skip-nx-cache', ...process.argv.slice(2)];
const run = spawnSync('nx', nxArgs, {
  stdio: 'inherit',
  env: {
    ...process.env,
    NX_DAEMON: 'false',
    IPFS_KIT_TEST_RESULTS_DIR: resultsDir,
  },
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(resultsDir).filter((name) => name.endsWith('.json'))) {
  const summary = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += summary.passed;
  failed += summary.failed;
  skipped += summary.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error('No test ran.');
  process.exit(1);
}
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
