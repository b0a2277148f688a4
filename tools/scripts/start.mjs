// `npm start`: builds the API, the dashboard and the browser SDK where the Nx cache holds no current
// build, then serves both on http://IPFS_KIT_HOST:IPFS_KIT_PORT (127.0.0.1:8004).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

console.log('ipfs-kit: building the API, the dashboard and the browser SDK (cached after the first time)...');
const build = spawnSync('nx', ['run-many', '-t', 'build', 'build-browser', '-p', 'api', 'dashboard', 'sdk', '--outputStyle=static'], {
  cwd: root,
  stdio: 'inherit',
  env,
});
if (build.status !== 0) {
  console.error('ipfs-kit: the build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

const main = join(root, 'dist', 'apps', 'api', 'main.js');
if (!existsSync(main)) {
  console.error(`ipfs-kit: ${main} is missing after the build.`);
  process.exit(1);
}

const server = spawn(process.execPath, [main], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
