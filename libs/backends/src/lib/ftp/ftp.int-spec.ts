import { ftpServiceConfig, recordingLogger, startSilentServer, startVsftpd, writeFileTree, type FileTreeTotals, type SilentServer, type VsftpdServer } from '@ipfs-kit/testbed';
import type { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { expectBackendFailure } from '../test-support/backend-failures';
import { itMapsNetworkFailures } from '../test-support/network-failures';
import { testContext } from '../test-support/test-context';
import { FtpBackendDriver } from './ftp.backend';
import { FtpConfig } from './ftp.config';

/** Real server: Debian's vsftpd started by the test bed (needs root and the vsftpd package). */
describe('FtpBackendDriver against vsftpd', () => {
  const sut = new FtpBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  const results: unknown[] = [];
  const context = testContext('ftp-int', logger);
  let server: VsftpdServer;
  let silent: SilentServer;
  let tree: FileTreeTotals;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(
      await validateConfig(FtpConfig, { ...ftpServiceConfig(server), timeout_ms: 10_000, ...overrides }),
      context,
    );

  const failure = (work: Promise<unknown>): Promise<BackendError> => expectBackendFailure(work, errors);

  beforeAll(async () => {
    server = await startVsftpd();
    silent = await startSilentServer();
    tree = await writeFileTree(server.rootDir, undefined, server.owner);
  });

  afterAll(async () => {
    await silent?.close();
    await server?.stop();
  });

  it('probes: login, FEAT, CWD root_path, NOOP', async () => {
    const connection = await connect();
    const probe = await connection.probe({ timeoutMs: 10_000 });
    results.push(probe);
    expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    expect(probe.version).toBe(server.banner);
    expect(probe.detail).toMatchObject({ root_path: server.rootDir, tls: 'none' });
    expect(probe.detail?.['features']).toBeGreaterThan(0);
    await connection.close();
  });

  it('starts (activation) by verifying the login, and in the login folder when root_path is not set', async () => {
    const connection = await connect({ root_path: undefined });
    await expect(connection.start({ timeoutMs: 10_000 })).resolves.toBeUndefined();
    const probe = await connection.probe({ timeoutMs: 10_000 });
    expect(probe.detail?.['root_path']).toBe(server.homeDir);
    await connection.stop({ timeoutMs: 10_000 });
    await connection.close();
    await connection.close();
  });

  it('reports the server features, system type and greeting as stats', async () => {
    const connection = await connect();
    const stats = await connection.stats({ timeoutMs: 10_000 });
    results.push(stats);
    expect(stats.values).toMatchObject({ welcome: server.banner, system: 'UNIX Type: L8', root_path: server.rootDir, tls: 'none', mlsd: false });
    // vsftpd 3.0.3 answers FEAT with these, among others.
    expect(String(stats.values['features']).split(', ')).toEqual(expect.arrayContaining(['EPSV', 'PASV', 'SIZE', 'MDTM']));
    expect(stats.values['feature_count']).toBe(String(stats.values['features']).split(', ').length);
    await connection.close();
  });

  it('measures files and bytes under root_path, through nested folders, not following links', async () => {
    const connection = await connect();
    const storage = await connection.storage({ timeoutMs: 10_000 });
    results.push(storage);
    expect(storage).toMatchObject({ used: tree.bytes, objects: tree.files, total: null, free: null, source: 'measured' });
    expect(storage.unknown?.total).toMatch(/quota_bytes/);
    await connection.close();
  });

  it('reports no quota unless one is declared, then the declared limit against the measured use', async () => {
    const plain = await connect();
    const none = await plain.quota({ timeoutMs: 10_000 });
    expect(none).toMatchObject({ total: null, used: null, free: null, objects: null, source: 'declared' });
    expect(none.unknown?.total).toMatch(/no standard command/);

    const declared = await connect({ quota_bytes: 1_000_000 });
    const quota = await declared.quota({ timeoutMs: 10_000 });
    results.push(quota);
    expect(quota).toMatchObject({ total: 1_000_000, used: tree.bytes, free: 1_000_000 - tree.bytes, objects: tree.files, source: 'declared' });
    await plain.close();
    await declared.close();
  });

  it('says so when the walk stops at max_list_entries or max_depth, giving lower bounds instead of numbers', async () => {
    const fewEntries = await connect({ max_list_entries: 3 });
    const cut = await fewEntries.storage({ timeoutMs: 10_000 });
    expect(cut).toMatchObject({ used: null, objects: null });
    expect(cut.unknown?.used).toMatch(/stopped after 3 entries \(max_list_entries\): at least \d+ bytes/);

    const shallow = await connect({ max_depth: tree.depth - 1 });
    const partial = await shallow.storage({ timeoutMs: 10_000 });
    expect(partial).toMatchObject({ used: null, objects: null });
    expect(partial.unknown?.objects).toMatch(new RegExp(`deeper than ${tree.depth - 1} levels.*at least \\d+ files`));

    const exact = await connect({ max_depth: tree.depth });
    expect(await exact.storage({ timeoutMs: 10_000 })).toMatchObject({ used: tree.bytes, objects: tree.files });
    expect(logger.lines.some((line) => line.includes('max_list_entries'))).toBe(true);
    await Promise.all([fewEntries.close(), shallow.close(), exact.close()]);
  });

  it('maps a wrong password to unauthorized (530)', async () => {
    const connection = await connect({ password: 'not-the-password-4711' });
    const error = await failure(connection.probe({ timeoutMs: 10_000 }));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(530);
    expect(error.message).toContain(`${server.host}:${server.port}`);
    expect(error.message).toContain(server.username);
    expect(error.message).not.toContain('not-the-password-4711');
  });

  itMapsNetworkFailures({ connectTo: (port) => connect({ port }), silent: () => silent, failure });

  it('maps a missing root_path to not_found, for the probe and the walk', async () => {
    const missing = `${server.rootDir}/no-such-folder`;
    const connection = await connect({ root_path: missing });
    const probeError = await failure(connection.probe({ timeoutMs: 10_000 }));
    expect(probeError.code).toBe('not_found');
    expect(probeError.message).toContain(missing);
    const walkError = await failure(connection.storage({ timeoutMs: 10_000 }));
    expect(walkError.code).toBe('not_found');
    await connection.close();
  });

  it('never puts the password in an error, a log line or a result', () => {
    expect(errors.length).toBeGreaterThanOrEqual(6);
    const everything = JSON.stringify({ errors: errors.map((e) => ({ ...e.toJSON(), stack: e.stack })), logged: logger.lines, results });
    expect(everything).not.toContain(server.password);
    expect(everything).not.toContain('not-the-password-4711');
  });
});
