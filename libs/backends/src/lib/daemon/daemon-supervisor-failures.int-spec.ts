import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import type { DaemonCommand } from './daemon-command';
import { isProcessAlive } from './daemon-process-info';
import { DaemonSupervisor, type DaemonSupervisorOptions } from './daemon-supervisor';
import { killTrackedDaemons, trackDaemonPids, waitForDaemonState } from '../test-support/daemon-test-kit';

/** A minimal HTTP daemon (a real Node process) answering on 127.0.0.1:<argv[1]>. */
const HTTP_DAEMON = `
const port = Number(process.argv[1]);
if (process.argv[2] === 'ignore-sigterm') process.on('SIGTERM', () => console.log('SIGTERM ignored'));
require('node:http').createServer((req, res) => res.end('ok')).listen(port, '127.0.0.1', () => console.log('listening on ' + port));
`;

/**
 * The supervisor's failure paths, with small real Node processes standing in for a
 * daemon (fast and deterministic; the js-ipfs runs are in daemon-supervisor.int-spec.ts).
 */
describe(`${DaemonSupervisor.name} failure paths`, () => {
  let home: TempDir;
  let port: number;
  const supervisors: DaemonSupervisor[] = [];

  const answers = async (signal: AbortSignal): Promise<void> => {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal });
    await response.body?.cancel();
  };

  function supervisor(service: string, command: DaemonCommand, overrides: Partial<DaemonSupervisorOptions> = {}): DaemonSupervisor {
    const sut = new DaemonSupervisor({
      service,
      home: home.path,
      command,
      readiness: answers,
      startTimeoutMs: 20_000,
      readinessIntervalMs: 50,
      stopGraceMs: 5_000,
      restart: { initialDelayMs: 100, maxDelayMs: 1_000, maxCrashes: 3, windowMs: 60_000 },
      ...overrides,
    });
    trackDaemonPids(sut);
    supervisors.push(sut);
    return sut;
  }

  const httpDaemon = (...extra: string[]): DaemonCommand => ({ command: process.execPath, args: ['-e', HTTP_DAEMON, String(port), ...extra] });

  beforeAll(async () => {
    home = await makeTempDir('supervisor-failures');
  });

  beforeEach(async () => {
    port = await freePort();
  });

  afterAll(async () => {
    for (const sut of supervisors) await sut.stop().catch(() => undefined);
    killTrackedDaemons();
    await home.remove();
  });

  it('refuses a binary that does not exist as invalid_config', async () => {
    const sut = supervisor('missing', { command: '/nonexistent/ipfs', args: ['daemon'] });
    const error = await sut.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'invalid_config', message: 'missing: cannot start /nonexistent/ipfs: no such executable' });
    expect(sut.state()).toMatchObject({ status: 'error', pid: null, lastError: 'missing: cannot start /nonexistent/ipfs: no such executable' });
    expect(existsSync(join(home.path, 'state', 'missing.pid'))).toBe(false);
  });

  it('reports a daemon that exits during start, with the last lines of its log', async () => {
    const sut = supervisor('exits', { command: process.execPath, args: ['-e', "console.error('repo not initialised'); process.exit(3)"] });
    const error = await sut.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server_error' });
    expect((error as Error).message).toMatch(/^exits daemon exited during start \(exit code 3\); last lines of .*exits\.log:\n[\s\S]*repo not initialised/);
    expect(sut.state()).toMatchObject({ status: 'error', pid: null, lastExit: { code: 3 } });
    expect(existsSync(join(home.path, 'state', 'exits.pid'))).toBe(false);
  });

  it('kills a daemon that never becomes ready and reports a timeout', async () => {
    const sut = supervisor('never-ready', { command: process.execPath, args: ['-e', 'setInterval(() => undefined, 1000)'] }, { startTimeoutMs: 1_500 });
    const pids: number[] = [];
    sut.onChange((s) => s.pid !== null && pids.push(s.pid));
    const error = await sut.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toContain('never-ready daemon did not become ready within 1500 ms; last answer: fetch failed');
    expect(pids).toHaveLength(1);
    expect(isProcessAlive(pids[0])).toBe(false);
    expect(sut.state().status).toBe('error');
  });

  it('cancels a start in progress when stop() is called', async () => {
    const sut = supervisor('cancelled', { command: process.execPath, args: ['-e', 'setInterval(() => undefined, 1000)'] });
    const starting = sut.start().catch((e: unknown) => e);
    const running = await waitForDaemonState(sut, (s) => s.status === 'starting' && s.pid !== null, 10_000);
    const stopped = await sut.stop();
    expect(await starting).toMatchObject({ code: 'timeout', message: 'cancelled: start was cancelled' });
    expect(stopped.status).toBe('stopped');
    expect(isProcessAlive(running.pid ?? -1)).toBe(false);
  });

  it('restarts after crashes and gives up after maxCrashes within the window', async () => {
    const sut = supervisor('flaky', httpDaemon(), { restart: { initialDelayMs: 100, maxCrashes: 2, windowMs: 60_000 } });
    const first = await sut.start();
    expect(first.status).toBe('running');

    process.kill(first.pid ?? -1, 'SIGKILL');
    const restarted = await waitForDaemonState(sut, (s) => s.status === 'running' && s.pid !== first.pid, 20_000);
    expect(restarted).toMatchObject({ crashCount: 1, restarts: 1 });

    process.kill(restarted.pid ?? -1, 'SIGKILL');
    const gaveUp = await waitForDaemonState(sut, (s) => s.status === 'error', 20_000);
    expect(gaveUp).toMatchObject({ crashCount: 2, restarts: 1, pid: null, nextRestartAt: null });
    expect(gaveUp.lastError).toBe('flaky daemon exited unexpectedly (signal SIGKILL); 2 crashes within 60 s, not restarting');
    expect(existsSync(join(home.path, 'state', 'flaky.pid'))).toBe(false);
  });

  it('does not restart when restarts are off', async () => {
    const sut = supervisor('no-restart', httpDaemon(), { restart: { enabled: false } });
    const { pid } = await sut.start();
    process.kill(pid ?? -1, 'SIGTERM');
    const state = await waitForDaemonState(sut, (s) => s.status === 'error', 10_000);
    expect(state).toMatchObject({ crashCount: 1, restarts: 0, lastExit: { signal: 'SIGTERM', expected: false } });
    expect(state.lastError).toContain('restarts are off');
  });

  it('sends SIGKILL when SIGTERM is ignored for the grace period', async () => {
    const sut = supervisor('stubborn', httpDaemon('ignore-sigterm'), { stopGraceMs: 500 });
    const { pid } = await sut.start();
    const state = await sut.stop();
    expect(state.lastExit).toMatchObject({ signal: 'SIGKILL', expected: true });
    expect(isProcessAlive(pid ?? -1)).toBe(false);
    const log = await readFile(join(home.path, 'logs', 'stubborn.log'), 'utf8');
    expect(log).toContain('SIGTERM ignored');
    expect(log).toContain(`PID ${pid} ignored SIGTERM for 500 ms; SIGKILL`);
  });
});
