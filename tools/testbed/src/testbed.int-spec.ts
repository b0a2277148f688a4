import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { waitFor } from './lib/wait-for';
import { REPO_ROOT } from './lib/repo-root';
import { isRunning } from './lib/process-state';

/** `npm run testbed` without npm: the same runner, tool and entry as package.json's script. */
const RUN_TOOL = join(REPO_ROOT, 'tools', 'scripts', 'run-tool.cjs');
/** The runner compiles the tool first (incremental tsc): slow on a busy machine the first time. */
const READY_TIMEOUT_MS = 240_000;

interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: readonly string[]): CliRun {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, [RUN_TOOL, 'tools/testbed', 'src/testbed.ts', ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, ended };
}

/** Ends `promise` with an error naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what()}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The value after `label:` on its own line of the CLI's output. */
function field(output: string, label: string): string {
  const line = output.split('\n').find((candidate) => candidate.startsWith(`${label}:`));
  if (line === undefined) throw new Error(`no "${label}:" line in:\n${output}`);
  return line.slice(label.length + 1).trim();
}

/** The services the CLI printed (`  service:  {...}` lines), by name. */
function services(output: string): Map<string, { name: string; type: string; config: Record<string, unknown> }> {
  const found = output
    .split('\n')
    .filter((line) => line.startsWith('  service:'))
    .map((line) => JSON.parse(line.slice('  service:'.length)) as { name: string; type: string; config: Record<string, unknown> });
  return new Map(found.map((service) => [service.name, service]));
}

describe('npm run testbed (the test bed CLI)', () => {
  const running: CliRun[] = [];

  afterAll(async () => {
    for (const run of running) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGTERM');
        await within(run.ended, 30_000, () => 'the CLI after SIGTERM').catch(() => run.child.kill('SIGKILL'));
      }
    }
  });

  it('--help prints the usage and exits with 0; an unknown server is a usage error (2)', async () => {
    const help = runCli(['--help']);
    running.push(help);
    await expect(within(help.ended, READY_TIMEOUT_MS, () => `--help (${help.stderr()})`)).resolves.toEqual({ code: 0, signal: null });
    expect(help.stdout()).toContain('Usage: npm run testbed -- [server ...]');
    expect(help.stdout()).toContain('need root');

    const wrong = runCli(['s3', 'gopher']);
    running.push(wrong);
    await expect(within(wrong.ended, 60_000, () => 'unknown server')).resolves.toEqual({ code: 2, signal: null });
    expect(wrong.stderr()).toContain('testbed: unknown server "gopher"');
  }, READY_TIMEOUT_MS + 90_000);

  it('starts s3 and the datasets, prints working addresses and configs, and on SIGTERM stops them by PID and removes the temp folders', async () => {
    const run = runCli(['s3', 'datasets']);
    running.push(run);
    await waitFor('testbed ready', async () => run.stdout().includes('testbed ready:') || run.child.exitCode !== null, READY_TIMEOUT_MS, 200).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
      },
    );
    const output = run.stdout();
    expect(field(output, 'testbed ready')).toBe('s3, parquet, arrow');

    // The printed S3 service works as printed: endpoint, bucket and credentials.
    const printed = services(output);
    expect([...printed.keys()]).toEqual(['s3', 'parquet', 'arrow']);
    const s3 = printed.get('s3')?.config ?? {};
    expect(s3).toMatchObject({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), force_path_style: true });
    const client = new S3Client({
      endpoint: String(s3['endpoint']),
      region: String(s3['region']),
      forcePathStyle: true,
      credentials: { accessKeyId: String(s3['access_key_id']), secretAccessKey: String(s3['secret_access_key']) },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: String(s3['bucket']) }), {
        abortSignal: AbortSignal.timeout(10_000),
      });
      expect(listed.KeyCount).toBe(6);
    } finally {
      client.destroy();
    }
    const parquetDir = String(printed.get('parquet')?.config['path']);
    expect(readdirSync(parquetDir, { recursive: true }).some((name) => String(name).endsWith('.parquet'))).toBe(true);

    const pids = field(output, 'pids').split(' ').map(Number);
    const folders = field(output, 'temp folders').split(' ');
    expect(pids).toHaveLength(1); // s3rver; the datasets are folders
    expect(pids.every(isRunning)).toBe(true);
    expect(folders.length).toBeGreaterThanOrEqual(2); // the CLI's own folder and s3rver's
    expect(folders.every((folder) => existsSync(folder))).toBe(true);
    expect(folders.some((folder) => parquetDir.startsWith(folder))).toBe(true);

    run.child.kill('SIGTERM');
    await expect(within(run.ended, 30_000, () => `the CLI after SIGTERM (${run.stdout()})`)).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.stdout()).toContain('stopped s3 (pid');
    await waitFor('the servers to end', async () => !pids.some(isRunning), 5_000, 50);
    expect(folders.filter((folder) => existsSync(folder))).toEqual([]);
  }, READY_TIMEOUT_MS + 90_000);
});
