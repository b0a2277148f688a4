// Runs every project's tests: the unit specs (target `test`) and the specs that need
// real servers (target `int`: integration, contract, end-to-end and browser tests), and
// ends with one plain line "tests: N passed, N failed, N skipped". Jest transpiles specs
// without type checking (isolatedModules, for speed), so the specs' types are checked
// here first with tsc. Fails when a type check or a test fails, or when no test ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(process.cwd(), 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

// Every project whose specs ts-jest runs (the dashboard's through jest-preset-angular).
const SPEC_TSCONFIGS = [
  'apps/api',
  'apps/dashboard',
  'apps/dashboard-e2e',
  'libs/backends',
  'libs/metadata',
  'libs/sdk',
  'tools/bench',
  'tools/demo',
  'tools/docs',
  'tools/testbed',
].map((project) => join(project, 'tsconfig.spec.json'));
const typeErrors = SPEC_TSCONFIGS.filter((tsconfig) => {
  const check = spawnSync('tsc', ['--noEmit', '-p', tsconfig], { stdio: 'inherit' });
  if (check.status !== 0) console.error(`type check failed: ${tsconfig}`);
  return check.status !== 0;
});

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
const failures = [];
for (const file of readdirSync(resultsDir).filter((name) => name.endsWith('.json'))) {
  const summary = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += summary.passed;
  failed += summary.failed;
  skipped += summary.skipped;
  failures.push(...(summary.failures ?? []));
}
for (const failure of failures) console.log(`failed: ${failure.test}\n${failure.message}\n`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error('No test ran.');
  process.exit(1);
}
process.exit(run.status === 0 && failed === 0 && typeErrors.length === 0 ? 0 : 1);
