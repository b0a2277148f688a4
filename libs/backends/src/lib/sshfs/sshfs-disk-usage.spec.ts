import { dfCommand, dfDiskUsage, DiskUsageUnavailable, parseDfOutput, shellQuote } from './sshfs-disk-usage';

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
