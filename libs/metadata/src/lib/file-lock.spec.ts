import { spawnSync } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockPathFor, withFileLock } from './file-lock';
import { LockTimeoutError } from './metadata-errors';
import { tempFolderEachTest } from '../test-support/temp-folder.fixture';

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe(withFileLock.name, () => {
  const tmp = tempFolderEachTest();
  let target: string;
  beforeEach(() => {
    target = join(tmp.path, 'counter.json');
  });

  it('serializes read-modify-write across async callers and removes the lock file', async () => {
    await writeFile(target, '0');
    await Promise.all(
      Array.from({ length: 50 }, () =>
        withFileLock(target, async () => {
          const value = Number(await readFile(target, 'utf8'));
          await new Promise((resolve) => setImmediate(resolve));
          await writeFile(target, String(value + 1));
        }),
      ),
    );
    expect(await readFile(target, 'utf8')).toBe('50');
    expect(await readdir(tmp.path)).toEqual(['counter.json']);
  });

  it('releases the lock when the function throws', async () => {
    await expect(withFileLock(target, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withFileLock(target, async () => 'ok')).resolves.toBe('ok');
  });

  it('takes over at once a lock whose process on this host is gone', async () => {
    await writeFile(lockPathFor(target), JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old' }));
    await expect(withFileLock(target, async () => 'ok', { timeoutMs: 2000 })).resolves.toBe('ok');
    expect(await readdir(tmp.path)).toEqual([]);
  });

  it('waits for a live lock and times out with a typed error', async () => {
    await writeFile(lockPathFor(target), JSON.stringify({ pid: process.ppid, host: hostname(), token: 'live' }));
    await expect(withFileLock(target, async () => 'never', { timeoutMs: 200 })).rejects.toThrow(LockTimeoutError);
    expect(JSON.parse(await readFile(lockPathFor(target), 'utf8')).token).toBe('live');
  });

  it('takes over a lock of another host that was not refreshed for staleMs', async () => {
    await writeFile(lockPathFor(target), JSON.stringify({ pid: 1, host: 'elsewhere', token: 'far' }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathFor(target), old, old);
    await expect(withFileLock(target, async () => 'ok', { staleMs: 5000, timeoutMs: 2000 })).resolves.toBe('ok');
  });

  it('takes over an unreadable lock file once it is old', async () => {
    await writeFile(lockPathFor(target), '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathFor(target), old, old);
    await expect(withFileLock(target, async () => 'ok', { staleMs: 5000, timeoutMs: 2000 })).resolves.toBe('ok');
  });
});
