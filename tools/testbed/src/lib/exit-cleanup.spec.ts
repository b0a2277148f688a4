import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { killOnExit, pendingCleanup, removeOnExit } from './exit-cleanup';
import { waitFor } from './wait-for';
import { isRunning } from './process-state';

const CHILD = join(__dirname, 'test-support', 'exit-cleanup.child.ts');
const TESTBED_DIR = join(__dirname, '..', '..');

interface ChildRun {
  child: ChildProcess;
  started: { pid: number; dir: string };
  output: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the child script (TypeScript through ts-node) and waits for its JSON line. */
async function runChild(mode: string): Promise<ChildRun> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD, mode], {
    cwd: TESTBED_DIR,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      TS_NODE_PROJECT: join(TESTBED_DIR, 'tsconfig.lib.json'),
      TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitFor("the child's JSON line", async () => output.includes('"dir"') || child.exitCode !== null, 60_000, 50).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${String(error)}; the child printed: ${output}`);
  });
  const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
  if (!line) throw new Error(`the child printed no JSON line: ${output}`);
  return { child, started: JSON.parse(line) as { pid: number; dir: string }, output: () => output, ended };
}

describe('exit-cleanup', () => {
  it('registers and releases pids and folders', () => {
    const pid = killOnExit(999_999_999);
    const folder = removeOnExit('/nonexistent/ipfs-kit-exit-cleanup-test');
    expect(pendingCleanup()).toMatchObject({
      pids: expect.arrayContaining([999_999_999]),
      folders: expect.arrayContaining(['/nonexistent/ipfs-kit-exit-cleanup-test']),
    });
    pid.release();
    folder.release();
    expect(pendingCleanup().pids).not.toContain(999_999_999);
    expect(pendingCleanup().folders).not.toContain('/nonexistent/ipfs-kit-exit-cleanup-test');
  });

  it("listens on the real process, not on the copy that jest gives a test file (whose events never fire)", () => {
    const registered = killOnExit(999_999_998);
    const HostFunction = (EventEmitter as unknown as { constructor: FunctionConstructor }).constructor;
    const host = new HostFunction('return process')() as NodeJS.Process & Record<symbol, { pids: ReadonlySet<number> } | undefined>;
    expect(host).not.toBe(process);
    // The registry lives on the real process (shared by every test file's copy of the module; its Set may come from another realm).
    expect(host[Symbol.for('ipfs-kit.testbed.exit-cleanup')]?.pids.has(999_999_998)).toBe(true);
    registered.release();
    expect(host[Symbol.for('ipfs-kit.testbed.exit-cleanup')]?.pids.has(999_999_998)).toBe(false);
    for (const event of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP']) expect(host.listenerCount(event)).toBeGreaterThanOrEqual(1);
  });

  it('SIGTERM with no listener of the process: the server is killed, the folder removed, and the process still dies by SIGTERM', async () => {
    const run = await runChild('plain');
    expect(isRunning(run.started.pid)).toBe(true);
    expect(existsSync(run.started.dir)).toBe(true);
    run.child.kill('SIGTERM');
    await expect(run.ended).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    await waitFor(`server ${run.started.pid} to end`, async () => !isRunning(run.started.pid), 5_000, 50);
    expect(existsSync(run.started.dir)).toBe(false);
  }, 90_000);

  it('SIGTERM that the process handles itself: its listener runs, and exit cleans up what it left', async () => {
    const run = await runChild('own-listener');
    run.child.kill('SIGTERM');
    await expect(run.ended).resolves.toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('own listener');
    await waitFor(`server ${run.started.pid} to end`, async () => !isRunning(run.started.pid), 5_000, 50);
    expect(existsSync(run.started.dir)).toBe(false);
  }, 90_000);

  it('a plain exit cleans up too', async () => {
    const run = await runChild('exit');
    await expect(run.ended).resolves.toEqual({ code: 3, signal: null });
    await waitFor(`server ${run.started.pid} to end`, async () => !isRunning(run.started.pid), 5_000, 50);
    expect(existsSync(run.started.dir)).toBe(false);
  }, 90_000);
});
