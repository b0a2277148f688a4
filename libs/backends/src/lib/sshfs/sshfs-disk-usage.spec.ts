import {
  dfCommand,
  dfDiskUsage,
  DiskUsageUnavailable,
  parseDfOutput,
  readDiskUsage,
  shellQuote,
  type DiskUsageSource,
  type ExecResult,
  type StatvfsChannel,
} from './sshfs-disk-usage';

describe(parseDfOutput.name, () => {
  it('reads GNU df -Pk output (1024-byte blocks)', () => {
    const usage = parseDfOutput('Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda         264212084 25449184  80941728      24% /\n');
    expect(usage).toMatchObject({
      method: 'df',
      totalBytes: 264_212_084 * 1024,
      usedBytes: 25_449_184 * 1024,
      freeBytes: 80_941_728 * 1024,
      reservedBytes: null,
    });
    expect(usage.raw).toMatchObject({ filesystem: '/dev/vda', capacity_percent: 24, mounted_on: '/' });
  });

  it('reads filesystem names and mount points with spaces (BusyBox, macOS style)', () => {
    const usage = parseDfOutput('Filesystem 1024-blocks Used Available Capacity Mounted on\nmap auto_home 0 0 0 100% /System/Volumes/Data/home dir\n');
    expect(usage.raw).toMatchObject({ filesystem: 'map auto_home', mounted_on: '/System/Volumes/Data/home dir', capacity_percent: 100 });
  });

  it('refuses output that is not POSIX df output', () => {
    expect(() => parseDfOutput('df: invalid option -- P\n')).toThrow(DiskUsageUnavailable);
  });
});

describe(dfDiskUsage.name, () => {
  it('reports a failing df (no shell, no df) as unavailable with its first line', async () => {
    const exec = async () => ({ stdout: '', stderr: 'This service allows sftp connections only.\n', exitCode: 1 });
    await expect(dfDiskUsage(exec, '/srv')).rejects.toThrow('df on the server exited with 1: This service allows sftp connections only.');
  });
});

describe(shellQuote.name, () => {
  it('quotes any path as one shell word', () => {
    expect(shellQuote("it's; $(rm -rf ~)")).toBe(`'it'\\''s; $(rm -rf ~)'`);
    expect(dfCommand('/srv/a b')).toBe("LC_ALL=C df -P -k -- '/srv/a b'");
  });
});

/** A statvfs reply as OpenSSH sends it: 4 KiB blocks, 1000 blocks, 400 free, 300 available. */
const STATVFS_REPLY = { f_bsize: 4096, f_frsize: 4096, f_blocks: 1000, f_bfree: 400, f_bavail: 300, f_files: 64, f_ffree: 10, f_favail: 10, f_namemax: 255 };
const DF_OUTPUT = 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda              4000     2400      1200      67% /srv\n';

type StatvfsBehaviour =
  | { kind: 'reply'; reply: Record<string, unknown> }
  | { kind: 'not-offered' }
  | { kind: 'error'; error: Error };

/** A fake session: the statvfs channel and exec answer as told, and count their calls. */
function fakeSource(statvfs: StatvfsBehaviour, df: ExecResult | Error = { stdout: DF_OUTPUT, stderr: '', exitCode: 0 }) {
  const calls = { statvfs: [] as string[], exec: [] as string[] };
  let open = true;
  const sftp: StatvfsChannel = {
    ext_openssh_statvfs: ((path: string, cb: (error: Error | undefined, reply?: Record<string, unknown>) => void) => {
      calls.statvfs.push(path);
      // ssh2 throws before sending when the server did not announce the extension.
      if (statvfs.kind === 'not-offered') throw new Error('Server does not support this extended request');
      setImmediate(() => (statvfs.kind === 'reply' ? cb(undefined, statvfs.reply) : cb(statvfs.error)));
    }) as StatvfsChannel['ext_openssh_statvfs'],
  };
  const source: DiskUsageSource = {
    sftp,
    exec: async (command) => {
      calls.exec.push(command);
      if (df instanceof Error) throw df;
      return df;
    },
    isOpen: () => open,
  };
  return { source, calls, close: () => (open = false) };
}

/** ssh2's error for an SFTP status answer (SSH_FX_FAILURE, SSH_FX_OP_UNSUPPORTED ...). */
function sftpStatusError(message: string, code: number): Error {
  return Object.assign(new Error(message), { code });
}

describe(readDiskUsage.name, () => {
  it('auto: uses statvfs when the server answers it, without running df', async () => {
    const fake = fakeSource({ kind: 'reply', reply: STATVFS_REPLY });
    const answer = await readDiskUsage('auto', fake.source, '/srv');
    expect(answer.unavailable).toBeNull();
    expect(answer.usage).toMatchObject({ method: 'statvfs', totalBytes: 1000 * 4096, usedBytes: 600 * 4096, freeBytes: 300 * 4096, reservedBytes: 100 * 4096 });
    expect(fake.calls).toEqual({ statvfs: ['/srv'], exec: [] });
  });

  it('auto: falls back to df when the server does not offer statvfs@openssh.com', async () => {
    const fake = fakeSource({ kind: 'not-offered' });
    const answer = await readDiskUsage('auto', fake.source, '/srv');
    expect(answer.unavailable).toBeNull();
    expect(answer.usage).toMatchObject({ method: 'df', totalBytes: 4000 * 1024, usedBytes: 2400 * 1024, freeBytes: 1200 * 1024, reservedBytes: null });
    expect(fake.calls).toEqual({ statvfs: ['/srv'], exec: [dfCommand('/srv')] });
  });

  it('auto: falls back to df when the server answers statvfs with an error status', async () => {
    const fake = fakeSource({ kind: 'error', error: sftpStatusError('Failure', 4) });
    const answer = await readDiskUsage('auto', fake.source, '/srv');
    expect(answer.usage).toMatchObject({ method: 'df', totalBytes: 4000 * 1024 });
    expect(fake.calls.exec).toEqual([dfCommand('/srv')]);
  });

  it('auto: falls back to df when the statvfs reply lacks the block counts', async () => {
    const fake = fakeSource({ kind: 'reply', reply: { f_bsize: 4096, f_frsize: 4096 } });
    const answer = await readDiskUsage('auto', fake.source, '/srv');
    expect(answer.usage?.method).toBe('df');
  });

  it('auto: when both fail, answers null with the reason of each, not an error', async () => {
    const fake = fakeSource({ kind: 'error', error: sftpStatusError('Operation unsupported', 8) }, { stdout: '', stderr: 'This service allows sftp connections only.\n', exitCode: 1 });
    const answer = await readDiskUsage('auto', fake.source, '/srv');
    expect(answer).toEqual({
      usage: null,
      unavailable: ['statvfs@openssh.com failed: Operation unsupported', 'df on the server exited with 1: This service allows sftp connections only.'],
    });
  });

  it('auto: a connection lost during statvfs is thrown, and df is not tried', async () => {
    const fake = fakeSource({ kind: 'error', error: new Error('No response from server') });
    await expect(readDiskUsage('auto', fake.source, '/srv')).rejects.toThrow('No response from server');
    expect(fake.calls.exec).toEqual([]);
  });

  it('auto: any statvfs failure after the connection closed is thrown, whatever its message', async () => {
    const fake = fakeSource({ kind: 'error', error: new Error('read ECONNRESET') });
    fake.close();
    await expect(readDiskUsage('auto', fake.source, '/srv')).rejects.toThrow('read ECONNRESET');
    expect(fake.calls.exec).toEqual([]);
  });

  it('auto: a connection lost during df is thrown', async () => {
    const fake = fakeSource({ kind: 'not-offered' }, new Error('Not connected'));
    await expect(readDiskUsage('auto', fake.source, '/srv')).rejects.toThrow('Not connected');
  });

  it('statvfs: an error status is a reason, and df is never run', async () => {
    const fake = fakeSource({ kind: 'error', error: sftpStatusError('Permission denied', 3) });
    const answer = await readDiskUsage('statvfs', fake.source, '/srv');
    expect(answer).toEqual({ usage: null, unavailable: ['statvfs@openssh.com failed: Permission denied'] });
    expect(fake.calls.exec).toEqual([]);
  });

  it('statvfs: a server without the extension is a reason naming it', async () => {
    const fake = fakeSource({ kind: 'not-offered' });
    const answer = await readDiskUsage('statvfs', fake.source, '/srv');
    expect(answer.usage).toBeNull();
    expect(answer.unavailable).toEqual([expect.stringContaining('does not offer the statvfs@openssh.com extension')]);
  });

  it('df: runs df only, never asks for statvfs', async () => {
    const fake = fakeSource({ kind: 'reply', reply: STATVFS_REPLY });
    const answer = await readDiskUsage('df', fake.source, '/srv');
    expect(answer.usage?.method).toBe('df');
    expect(fake.calls).toEqual({ statvfs: [], exec: [dfCommand('/srv')] });
  });
});
