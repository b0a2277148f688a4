import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import {
  checkDaemonOwnership,
  DAEMON_INSTANCE_ENV,
  daemonPidFilePath,
  readDaemonPidFile,
  removeDaemonPidFileOf,
  writeDaemonPidFile,
  type DaemonPidRecord,
} from './daemon-pid-file';
import { isProcessAlive, readProcCmdline, readProcStat } from './daemon-process-info';

async function recordOf(pid: number, overrides: Partial<DaemonPidRecord> = {}): Promise<DaemonPidRecord> {
  const cmdline = (await readProcCmdline(pid)) ?? [];
  return {
    pid,
    service: 'ipfs',
    command: cmdline[0] ?? 'node',
    args: cmdline.slice(1),
    cwd: null,
    startedAt: new Date().toISOString(),
    procStartTicks: (await readProcStat(pid))?.startTicks ?? null,
    instanceId: 'test-instance',
    ...overrides,
  };
}

describe('daemon PID file', () => {
  let temp: TempDir;
  let home: string;

  beforeAll(async () => {
    temp = await makeTempDir('pid');
    home = temp.path;
  });

  afterAll(async () => {
    await temp.remove();
  });

  it('removes a PID file after a crash only while it still names the crashed process', async () => {
    const path = daemonPidFilePath(home, 'shared');
    // Another API process started the daemon again meanwhile and wrote its own PID.
    await writeDaemonPidFile(path, await recordOf(process.pid));
    expect(await removeDaemonPidFileOf(path, process.pid + 100_000)).toBe(false);
    expect(await readDaemonPidFile(path)).toMatchObject({ kind: 'record', record: { pid: process.pid } });
    expect(await removeDaemonPidFileOf(path, process.pid)).toBe(true);
    expect(await readDaemonPidFile(path)).toEqual({ kind: 'missing' });
    expect(await removeDaemonPidFileOf(path, process.pid)).toBe(false);
  });

  it('is written atomically as JSON under state/, mode 0600, and read back', async () => {
    const path = daemonPidFilePath(home, 'ipfs');
    expect(path).toBe(join(home, 'state', 'ipfs.pid'));
    const record = await recordOf(process.pid);
    await writeDaemonPidFile(path, record);
    expect(await readDaemonPidFile(path)).toEqual({ kind: 'record', record });
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    expect((await stat(path)).mode & 0o077).toBe(0);
    expect(await readDaemonPidFile(join(home, 'state', 'none.pid'))).toEqual({ kind: 'missing' });
    await writeFile(join(home, 'state', 'torn.pid'), '{"pid":');
    expect(await readDaemonPidFile(join(home, 'state', 'torn.pid'))).toEqual({ kind: 'invalid', reason: 'not JSON' });
  });

  it('recognises a live process by its command line and start time', async () => {
    expect(await checkDaemonOwnership(await recordOf(process.pid))).toEqual({ ours: true, how: 'cmdline' });
  });

  it('refuses a reused PID (other start time), another program, and a dead PID', async () => {
    const record = await recordOf(process.pid);
    const reused = await checkDaemonOwnership({ ...record, procStartTicks: (record.procStartTicks ?? 0) + 1 });
    expect(reused).toEqual({ ours: false, reason: `PID ${process.pid} now belongs to another process (different start time)` });
    const other = await checkDaemonOwnership({ ...record, command: '/usr/bin/ipfs', args: ['daemon'] });
    expect(other).toMatchObject({ ours: false, reason: expect.stringContaining('not /usr/bin/ipfs daemon') });
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(child.pid ?? -1)).toBe(false);
    expect(await checkDaemonOwnership({ ...record, pid: child.pid ?? -1 })).toEqual({ ours: false, reason: `process ${child.pid} is not running` });
  });

  it('recognises a daemon that rewrote its command line by the instance id in its environment', async () => {
    const child = spawn(process.execPath, ['-e', "process.title = 'renamed'; setInterval(() => undefined, 1000)"], {
      stdio: 'ignore',
      env: { ...process.env, [DAEMON_INSTANCE_ENV]: 'abc-123' },
    });
    try {
      const pid = child.pid ?? -1;
      for (let i = 0; i < 50 && (await readProcCmdline(pid))?.[0] !== 'renamed'; i += 1) await new Promise((r) => setTimeout(r, 100));
      expect((await readProcCmdline(pid))?.[0]).toBe('renamed');
      const record = await recordOf(pid, { command: process.execPath, args: ['-e', 'the original script'], instanceId: 'abc-123' });
      expect(await checkDaemonOwnership(record)).toEqual({ ours: true, how: 'instance-id' });
      expect(await checkDaemonOwnership({ ...record, instanceId: 'another-start' })).toMatchObject({ ours: false });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
