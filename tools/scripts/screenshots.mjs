// Refreshes the README's pictures: runs the dashboard's browser tests, which write their
// screenshots under tmp/screenshots (ignored by git, so `npm test` leaves the tree clean),
// then copies the ones the README shows to docs/screenshots.
//   npm run screenshots            run the browser tests, then copy
//   npm run screenshots -- --copy  only copy what the last run wrote
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const from = join(root, 'tmp', 'screenshots');
const to = join(root, 'docs', 'screenshots');
/** The pictures the README shows. */
const SHOWN = ['overview.png', 'service-page.png', 'service-page-dark.png', 'phone.png', 'fleet.png'];

if (!process.argv.includes('--copy')) {
  const run = spawnSync('npx', ['nx', 'run', 'dashboard-e2e:int', '--skip-nx-cache', '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0) {
    console.error('The browser tests failed: docs/screenshots left as it was.');
    process.exit(run.status ?? 1);
  }
}
mkdirSync(to, { recursive: true });
const missing = SHOWN.filter((name) => !existsSync(join(from, name)));
if (missing.length > 0) {
  console.error(`Not written by the browser tests: ${missing.join(', ')} (in tmp/screenshots)`);
  process.exit(1);
}
for (const name of SHOWN) copyFileSync(join(from, name), join(to, name));
console.log(`Copied ${SHOWN.join(', ')} to docs/screenshots`);
