import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import {
  generateSshKeyPair,
  recordingLogger,
  startSilentServer,
  startSshd,
  writeFileTree,
  type FileTreeTotals,
  type SilentServer,
  type SshdServer,
} from '@ipfs-kit/testbed';
import type { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { dfDiskUsage, statvfsDiskUsage } from './sshfs-disk-usage';
import { RemoteSessions } from '../remote-folder/remote-sessions';
import { withSftpSession } from './sftp-session';
import { expectBackendFailure } from '../test-support/backend-failures';
import { itMapsNetworkFailures } from '../test-support/network-failures';
import { testContext } from '../test-support/test-context';
import { SshfsBackendDriver } from './sshfs.backend';
import { SshfsConfig } from './sshfs.config';

/** Disk numbers of the same folder seen from this machine may drift while other programs write. */
const DISK_TOLERANCE_BYTES = 512 * 1024 * 1024;

/** Real server: Debian's OpenSSH sshd started by the test bed (needs root and openssh-server). */
describe('SshfsBackendDriver against OpenSSH sshd', () => {
  const sut = new SshfsBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  const results: unknown[] = [];
  const context = testContext('sshfs-int', logger);
  const passphrase = 'correct horse battery staple 42';
  const encryptedKey = generateSshKeyPair('encrypted@ipfs-kit-test', passphrase);
  const strangerKey = generateSshKeyPair('stranger@ipfs-kit-test');
  let server: SshdServer;
  let silent: SilentServer;
  let tree: FileTreeTotals;
  /** The known tree lives in its own folder, apart from the quoting test's folder. */
  let treeDir: string;

  const config = (overrides: Record<string, unknown> = {}) =>
    validateConfig(SshfsConfig, {
      host: server.host,
      port: server.port,
      username: server.username,
      private_key: server.privateKey,
      remote_path: treeDir,
      timeout_ms: 10_000,
      ...overrides,
    });
  const connect = async (overrides: Record<string, unknown> = {}) => sut.connect(await config(overrides), context);

  const failure = (work: Promise<unknown>): Promise<BackendError> => expectBackendFailure(work, errors);

  const localDisk = async () => {
    const local = await statfs(server.rootDir);
    return { total: local.blocks * local.bsize, used: (local.blocks - local.bfree) * local.bsize, free: local.bavail * local.bsize };
  };

  beforeAll(async () => {
    server = await startSshd({ passwordAuthentication: true });
    await server.authorizeKey(encryptedKey.publicKey);
    silent = await startSilentServer();
    treeDir = join(server.rootDir, 'tree');
    tree = await writeFileTree(treeDir, undefined, server.owner);
  });

  afterAll(async () => {
    await silent?.close();
    await server?.stop();
  });

  it('probes with a private key: SSH login, SFTP, realpath and stat of remote_path', async () => {
    const connection = await connect();
    const probe = await connection.probe({ timeoutMs: 10_000 });
    results.push(probe);
    expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    expect(probe.version).toMatch(/^OpenSSH_\d/);
    expect(probe.detail).toMatchObject({ remote_path: treeDir, host_key_fingerprint: server.hostKeyFingerprint });
    await connection.close();
  });

  it('logs in with a key file, with a password, and with an encrypted key and its passphrase', async () => {
    const byFile = await connect({ private_key: undefined, key_file: server.privateKeyFile });
    await expect(byFile.start({ timeoutMs: 10_000 })).resolves.toBeUndefined();
    const byPassword = await connect({ private_key: undefined, password: server.password });
    expect((await byPassword.probe({ timeoutMs: 10_000 })).detail?.['remote_path']).toBe(treeDir);
    const byPassphrase = await connect({ private_key: encryptedKey.privateKey, passphrase });
    expect((await byPassphrase.probe({ timeoutMs: 10_000 })).detail?.['remote_path']).toBe(treeDir);
    await Promise.all([byFile.close(), byPassword.close(), byPassphrase.close()]);
  });

  it('starts in the login folder when remote_path is not set', async () => {
    const connection = await connect({ remote_path: undefined });
    expect((await connection.probe({ timeoutMs: 10_000 })).detail?.['remote_path']).toBe(server.homeDir);
    await connection.stop({ timeoutMs: 10_000 });
    await connection.close();
    await connection.close();
  });

  it('accepts the right host_key_fingerprint and refuses another as forbidden', async () => {
    const pinned = await connect({ host_key_fingerprint: server.hostKeyFingerprint });
    await expect(pinned.probe({ timeoutMs: 10_000 })).resolves.toBeDefined();
    const wrongFingerprint = 'SHA256:' + 'A'.repeat(43);
    const wrong = await connect({ host_key_fingerprint: wrongFingerprint });
    const error = await failure(wrong.probe({ timeoutMs: 10_000 }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(server.hostKeyFingerprint);
    expect(error.message).toContain(wrongFingerprint);
  });

  it('reads total, used and free of the filesystem with statvfs@openssh.com, matching statfs of the same folder here', async () => {
    const connection = await connect();
    const quota = await connection.quota({ timeoutMs: 10_000 });
    results.push(quota);
    const local = await localDisk();
    expect(quota.source).toBe('measured');
    expect(Math.abs((quota.total ?? -1) - local.total)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    expect(Math.abs((quota.used ?? -1) - local.used)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    expect(Math.abs((quota.free ?? -1) - local.free)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    expect(quota.objects).toBeNull();
    expect(quota.unknown?.objects).toMatch(/storage\(\)/);
    await connection.close();
  });

  it('falls back to df -Pk over exec, with the same numbers as statvfs', async () => {
    const connection = await connect({ disk_usage: 'df' });
    const quota = await connection.quota({ timeoutMs: 10_000 });
    const local = await localDisk();
    expect(Math.abs((quota.total ?? -1) - local.total)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    expect(Math.abs((quota.used ?? -1) - local.used)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    expect(Math.abs((quota.free ?? -1) - local.free)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);

    const both = await withSftpSession(
      await config(),
      { timeoutMs: 10_000 },
      'disk usage',
      async (session) => ({ statvfs: await statvfsDiskUsage(session.sftp, server.rootDir), df: await dfDiskUsage(session.exec, server.rootDir) }),
      new RemoteSessions(),
    );
    expect(both.df.method).toBe('df');
    expect(both.df.raw['mounted_on']).toMatch(/^\//);
    expect(Math.abs(both.df.totalBytes - both.statvfs.totalBytes)).toBeLessThanOrEqual(1024 * 1024);
    expect(Math.abs(both.df.freeBytes - both.statvfs.freeBytes)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    await connection.close();
  });

  it('quotes remote_path for df, so a folder name with quotes and spaces works', async () => {
    const odd = join(server.rootDir, "it's a folder; $(echo no)");
    await writeFileTree(odd, { files: { 'x.bin': 10 } }, server.owner);
    const connection = await connect({ disk_usage: 'df', remote_path: odd });
    const quota = await connection.quota({ timeoutMs: 10_000 });
    expect(quota.total).toBeGreaterThan(0);
    expect(await connection.storage({ timeoutMs: 10_000 })).toMatchObject({ used: 10, objects: 1 });
    await connection.close();
  });

  it('measures files and bytes under remote_path through nested folders, not following links', async () => {
    const connection = await connect({ max_depth: tree.depth });
    const storage = await connection.storage({ timeoutMs: 10_000 });
    results.push(storage);
    const local = await localDisk();
    expect(storage).toMatchObject({ source: 'measured', used: tree.bytes, objects: tree.files });
    expect(Math.abs((storage.total ?? -1) - local.total)).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    await connection.close();
  });

  it('reports server identification, statvfs numbers and walk numbers as stats', async () => {
    const sub = join(treeDir, 'docs');
    const connection = await connect({ remote_path: sub });
    const stats = await connection.stats({ timeoutMs: 10_000 });
    results.push(stats);
    const local = await statfs(sub);
    expect(stats.values).toMatchObject({
      server_ident: expect.stringMatching(/^OpenSSH_/),
      host_key_fingerprint: server.hostKeyFingerprint,
      remote_path: sub,
      disk_method: 'statvfs',
      statvfs_f_blocks: local.blocks,
      statvfs_f_bsize: local.bsize,
      statvfs_f_files: local.files,
      walk_files: 3,
      walk_bytes: 4_096 + 70_000 + 5,
      walk_directories: 3,
      walk_truncated: false,
    });
    expect(Math.abs(Number(stats.values['statvfs_f_bavail']) - local.bavail) * local.bsize).toBeLessThanOrEqual(DISK_TOLERANCE_BYTES);
    await connection.close();
  });

  it('gives a declared quota_bytes against the bytes under remote_path', async () => {
    const connection = await connect({ remote_path: join(treeDir, 'media'), quota_bytes: 200_000 });
    expect(await connection.quota({ timeoutMs: 10_000 })).toMatchObject({
      source: 'declared',
      total: 200_000,
      used: 123_457,
      free: 200_000 - 123_457,
      objects: 1,
    });
    await connection.close();
  });

  it('says so when the walk stops at max_list_entries or max_depth', async () => {
    const few = await connect({ max_list_entries: 2 });
    const cut = await few.storage({ timeoutMs: 10_000 });
    expect(cut).toMatchObject({ used: null, objects: null });
    expect(cut.total).toBeGreaterThan(0);
    expect(cut.unknown?.objects).toMatch(/stopped after 2 entries \(max_list_entries\): at least \d+ files/);
    const shallow = await connect({ max_depth: 0 });
    const stats = await shallow.stats({ timeoutMs: 10_000 });
    expect(stats.values).toMatchObject({ walk_truncated: true, walk_files: null, walk_bytes: null });
    expect(stats.unknown?.['walk_bytes']).toMatch(/deeper than 0 levels/);
    expect(logger.lines.some((line) => line.includes('max_list_entries'))).toBe(true);
    await Promise.all([few.close(), shallow.close()]);
  });

  it('maps a wrong password, an unknown key and a missing passphrase to unauthorized', async () => {
    const badPassword = await connect({ private_key: undefined, password: 'not-the-password-4711' });
    const passwordError = await failure(badPassword.probe({ timeoutMs: 10_000 }));
    expect(passwordError.code).toBe('unauthorized');
    expect(passwordError.message).toContain(`${server.host}:${server.port}`);
    expect(passwordError.message).toContain(server.username);

    const stranger = await connect({ private_key: strangerKey.privateKey });
    expect((await failure(stranger.probe({ timeoutMs: 10_000 }))).code).toBe('unauthorized');

    const noPassphrase = await connect({ private_key: encryptedKey.privateKey });
    const passphraseError = await failure(noPassphrase.probe({ timeoutMs: 10_000 }));
    expect(passphraseError.code).toBe('unauthorized');
    expect(passphraseError.message).toMatch(/passphrase/);
    const wrongPassphrase = await connect({ private_key: encryptedKey.privateKey, passphrase: 'wrong passphrase 0815' });
    expect((await failure(wrongPassphrase.probe({ timeoutMs: 10_000 }))).code).toBe('unauthorized');
  });

  it('maps an unreadable key file and a broken key to invalid_config', async () => {
    const noFile = await connect({ private_key: undefined, key_file: join(server.rootDir, 'no-such-key') });
    const fileError = await failure(noFile.probe({ timeoutMs: 10_000 }));
    expect(fileError.code).toBe('invalid_config');
    expect(fileError.message).toContain('no-such-key');
    const broken = await connect({ private_key: '-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n' });
    expect((await failure(broken.probe({ timeoutMs: 10_000 }))).code).toBe('invalid_config');
  });

  itMapsNetworkFailures({ connectTo: (port) => connect({ port }), silent: () => silent, failure });

  it('maps a missing remote_path to not_found and a file to invalid_config', async () => {
    const missing = join(treeDir, 'no-such-folder');
    const connection = await connect({ remote_path: missing });
    const probeError = await failure(connection.probe({ timeoutMs: 10_000 }));
    expect(probeError.code).toBe('not_found');
    expect(probeError.message).toContain(missing);
    expect((await failure(connection.storage({ timeoutMs: 10_000 }))).code).toBe('not_found');
    const file = await connect({ remote_path: join(treeDir, 'top.bin') });
    expect((await failure(file.quota({ timeoutMs: 10_000 }))).code).toBe('invalid_config');
  });

  it('never puts a password, key or passphrase in an error, a log line or a result', () => {
    expect(errors.length).toBeGreaterThanOrEqual(10);
    const everything = JSON.stringify({ errors: errors.map((e) => ({ ...e.toJSON(), stack: e.stack })), logged: logger.lines, results });
    const keyBody = (key: string) => key.split('\n').filter((line) => line && !line.startsWith('-----'));
    for (const secret of [server.password ?? 'unset', 'not-the-password-4711', passphrase, 'wrong passphrase 0815']) {
      expect(everything).not.toContain(secret);
    }
    for (const line of [...keyBody(server.privateKey), ...keyBody(encryptedKey.privateKey), ...keyBody(strangerKey.privateKey)]) {
      expect(everything).not.toContain(line);
    }
  });
});
