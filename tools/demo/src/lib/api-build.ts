import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressLog } from './progress-log';
import { API_MAIN, DASHBOARD_DIR, REPO_ROOT } from './repo-root';

const BUILD_ARGS = ['run-many', '-t', 'build', '-p', 'api', 'dashboard', '--outputStyle=static'];
const REPORT_EVERY_MS = 15_000;

/**
 * `nx run-many -t build -p api dashboard` (from the Nx cache when nothing changed), with
 * a progress line every 15 s and the build's last lines when it fails. Then checks that
 * dist/apps/api/main.js is there.
 */
export async function buildApiAndDashboard(log: ProgressLog, timeoutMs = 15 * 60_000): Promise<void> {
  log.info(`building the API and the dashboard: nx ${BUILD_ARGS.join(' ')} (from the Nx cache when nothing changed)`);
  const nx = join(REPO_ROOT, 'node_modules', '.bin', 'nx');
  const output: string[] = [];
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(nx, BUILD_ARGS, {
      cwd: REPO_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      output.push(...chunk.toString('utf8').split('\n'));
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(
      () => log.info(`  still building (${Math.round((Date.now() - started) / 1000)} s)...`),
      REPORT_EVERY_MS,
    );
    const deadline = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', (error) => {
      clearInterval(ticker);
      clearTimeout(deadline);
      reject(new Error(`could not run ${nx}: ${error.message}`));
    });
    child.once('exit', (exitCode) => {
      clearInterval(ticker);
      clearTimeout(deadline);
      resolve(exitCode);
    });
  });
  if (code !== 0) {
    const tail = output
      .filter((line) => line.trim())
      .slice(-40)
      .join('\n');
    throw new Error(`the build failed (exit ${String(code)}); its last lines:\n${tail}`);
  }
  log.info(`build done in ${Math.round((Date.now() - started) / 1000)} s`);
  requireBuiltApi();
}

/** Throws when the API is not built; warns (returns false) when the dashboard is not. */
export function requireBuiltApi(): boolean {
  if (!existsSync(API_MAIN))
    throw new Error(`${API_MAIN} is missing: build it (npx nx build api) or run without --no-build`);
  return existsSync(DASHBOARD_DIR);
}
