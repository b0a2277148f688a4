import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closedPort, freePort, initJsIpfsRepo, jsIpfsDaemonCommand, kuboRpcAnswers, makeTempDir, waitFor, type TempDir } from '@ipfs-kit/testbed';
import type { DaemonCommand } from './daemon-command';
import { DAEMON_INSTANCE_ENV, readDaemonPidFile } from './daemon-pid-file';
import { isProcessAlive } from './daemon-process-info';
import { DaemonSupervisor, type DaemonSupervisorOptions } from './daemon-supervisor';
import { removeStaleJsIpfsLock } from '../ipfs/ipfs-daemon';
import { killTrackedDaemons, pidsWithEnv, trackDaemonPids, waitForDaemonState } from '../test-support/daemon-test-kit';

/**
 * The supervisor running a real js-ipfs daemon (tools/testbed/js-ipfs) as a binary:
 * one repo, one service, several supervisor instances (as after API restarts).
 */
/** js-ipfs takes 5 s to answer on an idle machine, several times that on a busy one. */
const START_TIMEOUT_MS = 180_000;

describe(`${DaemonSupervisor.name} with a real js-ipfs daemon`, () => {
  const SECRET = 'hunter2-never-logged';
  let home: TempDir;
  let repoDir: string;
  let apiUrl: string;
  let command: DaemonCommand;
  const supervisors: DaemonSupervisor[] = [];
  /** The supervisor whose daemon the later tests attach to and stop. */
  let lastStarted: DaemonSupervisor | undefined;

  const readiness = async (signal: AbortSignal): Promise<void> => {
    const response = await fetch(`${apiUrl}/api/v0/version`, { method: 'POST', signal });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`version answered ${response.status}`);
  };

  function supervisor(overrides: Partial<DaemonSupervisorOptions> = {}): DaemonSupervisor {
    const sut = new DaemonSupervisor({
      service: 'ipfs',
      home: home.path,
      command,
      readiness,
      startTimeoutMs: START_TIMEOUT_MS - 20_000,
      stopGraceMs: 5_000,
      restart: { initialDelayMs: 300, maxDelayMs: 5_000, maxCrashes: 5, windowMs: 600_000 },
      beforeSpawn: async ({ afterUncleanExit }) => {
        if (afterUncleanExit) await removeStaleJsIpfsLock(repoDir);
      },
      ...overrides,
    });
    trackDaemonPids(sut);
    supervisors.push(sut);
    return sut;
  }

  beforeAll(async () => {
    home = await makeTempDir('supervisor-home');
    repoDir = join(home.path, 'repo');
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    await initJsIpfsRepo(repoDir, { apiPort: port });
    const launch = jsIpfsDaemonCommand(repoDir);
    command = { command: launch.command, args: launch.args, env: { ...launch.env, IPFS_KIT_TEST_TOKEN: SECRET } };
  }, 120_000);

  afterAll(async () => {
    for (const sut of supervisors.reverse()) await sut.stop().catch(() => undefined);
    killTrackedDaemons();
    await home.remove();
  }, 60_000);

  it('starts the daemon, is ready when its RPC answers, and writes the PID file and the log', async () => {
    const sut = supervisor();
    const state = await sut.start();

    expect(state).toMatchObject({ service: 'ipfs', status: 'running', mode: 'spawned', crashCount: 0, restarts: 0 });
    expect(await kuboRpcAnswers(apiUrl)).toBe(true);
    const pidFile = await readDaemonPidFile(join(home.path, 'state', 'ipfs.pid'));
    expect(pidFile).toMatchObject({ kind: 'record', record: { pid: state.pid, service: 'ipfs', command: command.command, args: command.args } });
    if (pidFile.kind !== 'record') throw new Error('no PID file');
    expect(pidFile.record.procStartTicks).toEqual(expect.any(Number));
    expect(Date.parse(pidFile.record.startedAt)).not.toBeNaN();

    const log = await readFile(join(home.path, 'logs', 'ipfs.log'), 'utf8');
    expect(log).toContain(`[ipfs-kit `);
    expect(log).toContain(`started PID ${state.pid}`);
    expect(log).toContain('Daemon is ready');
    const files = `${log}${await readFile(join(home.path, 'state', 'ipfs.pid'), 'utf8')}`;
    expect(files).not.toContain(SECRET);
  }, START_TIMEOUT_MS);

  it('adopts the running daemon after an API restart instead of starting a second one', async () => {
    const first = supervisors[0];
    const pid = first.state().pid;
    first.detach(); // the API process goes away; the daemon keeps running

    const sut = supervisor();
    const state = await sut.start();

    expect(state).toMatchObject({ status: 'running', mode: 'adopted', pid });
    const [instance] = await pidsWithEnv('IPFS_PATH', repoDir);
    expect(await pidsWithEnv('IPFS_PATH', repoDir)).toEqual([pid]);
    expect(instance).toBe(pid);
    // js-ipfs rewrites its /proc cmdline to "ipfs": it is recognised by the instance id in its environment.
    const record = await readDaemonPidFile(join(home.path, 'state', 'ipfs.pid'));
    if (record.kind !== 'record') throw new Error('no PID file');
    expect(await pidsWithEnv(DAEMON_INSTANCE_ENV, record.record.instanceId)).toEqual([pid]);
  }, START_TIMEOUT_MS);

  it('detects a SIGKILLed daemon as crashed and restarts it with back-off', async () => {
    const sut = supervisors[1];
    const oldPid = sut.state().pid ?? -1;
    const crashed = waitForDaemonState(sut, (s) => s.status === 'crashed');
    process.kill(oldPid, 'SIGKILL');

    const afterCrash = await crashed;
    expect(afterCrash).toMatchObject({ crashCount: 1, pid: null, lastExit: { expected: false } });
    expect(afterCrash.lastError).toContain('restarting in 300 ms');
    expect(afterCrash.nextRestartAt).not.toBeNull();

    const restarted = await waitForDaemonState(sut, (s) => s.status === 'running', START_TIMEOUT_MS);
    expect(restarted).toMatchObject({ mode: 'spawned', restarts: 1, crashCount: 1 });
    expect(restarted.pid).not.toBe(oldPid);
    expect(await kuboRpcAnswers(apiUrl)).toBe(true);

    // Our own child this time (exit event, not polling): the next delay doubles.
    const second = waitForDaemonState(sut, (s) => s.status === 'crashed');
    process.kill(restarted.pid ?? -1, 'SIGKILL');
    const secondCrash = await second;
    expect(secondCrash.crashCount).toBe(2);
    expect(secondCrash.lastExit).toMatchObject({ signal: 'SIGKILL', code: null });
    expect(secondCrash.lastError).toContain('restarting in 600 ms');
    await waitForDaemonState(sut, (s) => s.status === 'running', START_TIMEOUT_MS);
    expect(await readFile(join(home.path, 'logs', 'ipfs.log'), 'utf8')).toContain('exited unexpectedly (signal SIGKILL)');
  }, 3 * START_TIMEOUT_MS);

  it('stops with SIGTERM: the process is gone, the PID file removed', async () => {
    const sut = supervisors[1];
    const pid = sut.state().pid ?? -1;
    expect(isProcessAlive(pid)).toBe(true);
    // js-ipfs's RPC answers (ready for the supervisor) a moment before it installs its
    // SIGTERM handler, right after printing "Daemon is ready"; a SIGTERM in between ends
    // it by the signal, without its clean shutdown. The daemon was just restarted by the
    // previous test: wait until every start in the log has printed that line.
    await waitFor('js-ipfs to print "Daemon is ready" for its latest start', async () => {
      const log = await readFile(join(home.path, 'logs', 'ipfs.log'), 'utf8');
      return log.split('Daemon is ready').length >= log.split('started PID').length;
    }, START_TIMEOUT_MS, 200);

    const state = await sut.stop();

    expect(state).toMatchObject({ status: 'stopped', pid: null, mode: null });
    expect(state.lastExit).toMatchObject({ expected: true, signal: null, code: expect.any(Number) });
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(join(home.path, 'state', 'ipfs.pid'))).toBe(false);
    expect(existsSync(join(repoDir, 'repo.lock'))).toBe(false); // a clean stop releases the repo
    await expect(kuboRpcAnswers(apiUrl, 500)).rejects.toThrow();
    expect(await readFile(join(home.path, 'logs', 'ipfs.log'), 'utf8')).toContain(`stopped PID ${pid}`);
  });

  it('removes a stale PID file (a live PID of another program) and starts its own daemon', async () => {
    const pidFile = join(home.path, 'state', 'ipfs.pid');
    await writeFile(
      pidFile,
      JSON.stringify({ pid: process.pid, service: 'ipfs', command: '/usr/bin/ipfs', args: ['daemon'], cwd: null, startedAt: '2026-01-01T00:00:00.000Z', procStartTicks: null, instanceId: 'x' }),
    );
    const sut = supervisor();

    const state = await sut.start();

    expect(state).toMatchObject({ status: 'running', mode: 'spawned' });
    expect(state.pid).not.toBe(process.pid);
    expect(isProcessAlive(process.pid)).toBe(true);
    lastStarted = sut;
    expect(await readFile(join(home.path, 'logs', 'ipfs.log'), 'utf8')).toMatch(/stale PID file: PID \d+ runs .*not \/usr\/bin\/ipfs daemon; removed/);
  }, START_TIMEOUT_MS);

  it('attaches without a binary: start verifies the API answers, stop leaves the daemon alone', async () => {
    const attached = supervisor({ command: undefined, service: 'ipfs-attached' });
    expect(await attached.start()).toMatchObject({ status: 'running', mode: 'attached', pid: null, pidFile: null });
    expect((await attached.stop()).status).toBe('stopped');
    expect(await kuboRpcAnswers(apiUrl)).toBe(true);

    const port = await closedPort();
    const nowhere = supervisor({
      command: undefined,
      service: 'ipfs-nowhere',
      readiness: async (signal) => {
        await fetch(`http://127.0.0.1:${port}/api/v0/version`, { method: 'POST', signal });
      },
    });
    await expect(nowhere.start()).rejects.toThrow('fetch failed');
    expect(nowhere.state()).toMatchObject({ status: 'error', mode: 'attached', lastError: 'fetch failed' });
  });

  it('stops a daemon it finds through the PID file, without having started or adopted it', async () => {
    const starter = lastStarted;
    const pid = starter?.state().pid ?? -1;
    expect(isProcessAlive(pid)).toBe(true);
    starter?.detach();

    const state = await supervisor().stop();

    expect(state.status).toBe('stopped');
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(join(home.path, 'state', 'ipfs.pid'))).toBe(false);
  });
});
