import { ftpServiceConfig, recordingLogger, startVsftpd, writeFileTree, type FileTreeTotals, type VsftpdServer } from '@ipfs-kit/testbed';
import type { CallOptions } from '../contract/backend-call';
import type { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import type { BackendConnection } from '../contract/storage-backend.driver';
import { expectBackendFailure } from '../test-support/backend-failures';
import { testContext } from '../test-support/test-context';
import { FtpBackendDriver } from './ftp.backend';
import { FtpConfig } from './ftp.config';

const CALL: CallOptions = { timeoutMs: 10_000 };
/** A refused certificate or login fails at the handshake, long before the call's deadline. */
const FAILS_WITHIN_MS = 5_000;

/**
 * Explicit FTPS (AUTH TLS) against a real server: Debian's vsftpd started by the test bed
 * with a self-signed certificate for 127.0.0.1, refusing logins and transfers without TLS
 * (needs root, the vsftpd package and the openssl CLI).
 */
describe('FtpBackendDriver against vsftpd with TLS', () => {
  const sut = new FtpBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  const results: unknown[] = [];
  const connections: BackendConnection[] = [];
  const context = testContext('ftps-int', logger);
  let server: VsftpdServer;
  let tree: FileTreeTotals;

  const connect = async (overrides: Record<string, unknown>): Promise<BackendConnection> => {
    const connection = sut.connect(
      await validateConfig(FtpConfig, { ...ftpServiceConfig(server), timeout_ms: CALL.timeoutMs, ...overrides }),
      context,
    );
    connections.push(connection);
    return connection;
  };

  /** The call's failure, and how long it took to fail. */
  const failure = async (work: () => Promise<unknown>): Promise<{ error: BackendError; ms: number }> => {
    const started = performance.now();
    const error = await expectBackendFailure(work(), errors);
    return { error, ms: performance.now() - started };
  };

  beforeAll(async () => {
    server = await startVsftpd({ tls: true });
    tree = await writeFileTree(server.rootDir, undefined, server.owner);
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await server?.stop();
  });

  it('gets a certificate from the test bed for 127.0.0.1', () => {
    expect(server.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  it('trusts the server through ca_cert: probe, stats, storage and quota over explicit TLS', async () => {
    const connection = await connect({ secure: true, ca_cert: server.certificatePem, quota_bytes: 1_000_000 });

    const probe = await connection.probe(CALL);
    results.push(probe);
    expect(probe.version).toBe(server.banner);
    expect(probe.detail).toMatchObject({ root_path: server.rootDir, tls: 'explicit' });

    const stats = await connection.stats(CALL);
    results.push(stats);
    expect(stats.values).toMatchObject({ welcome: server.banner, system: 'UNIX Type: L8', root_path: server.rootDir, tls: 'explicit' });
    // vsftpd names its TLS commands in FEAT only when ssl_enable=YES.
    expect(String(stats.values['features']).split(', ')).toEqual(expect.arrayContaining(['AUTH TLS', 'PBSZ', 'PROT']));

    // force_local_data_ssl: every LIST of the walk goes over a TLS data connection.
    const storage = await connection.storage(CALL);
    results.push(storage);
    expect(storage).toMatchObject({ used: tree.bytes, objects: tree.files, total: null, free: null, source: 'measured' });

    const quota = await connection.quota(CALL);
    results.push(quota);
    expect(quota).toMatchObject({ total: 1_000_000, used: tree.bytes, free: 1_000_000 - tree.bytes, objects: tree.files, source: 'declared' });
  });

  it('refuses the self-signed certificate by default (no ca_cert), at once and saying how to trust it', async () => {
    const connection = await connect({ secure: true });
    for (const call of [() => connection.probe(CALL), () => connection.storage(CALL)]) {
      const { error, ms } = await failure(call);
      expect(error.code).toBe('protocol');
      expect(error.message).toContain(`${server.host}:${server.port}`);
      expect(error.message).toMatch(/certificate/i);
      expect(error.message).toMatch(/ca_cert/);
      expect(ms).toBeLessThan(FAILS_WITHIN_MS);
    }
  });

  it('accepts any certificate with reject_unauthorized: false', async () => {
    const connection = await connect({ secure: true, reject_unauthorized: false });
    const probe = await connection.probe(CALL);
    expect(probe.detail).toMatchObject({ root_path: server.rootDir, tls: 'explicit' });
    const storage = await connection.storage(CALL);
    expect(storage).toMatchObject({ used: tree.bytes, objects: tree.files, source: 'measured' });
  });

  it('says that the server requires TLS when secure is false', async () => {
    const connection = await connect({ secure: false });
    const { error, ms } = await failure(() => connection.probe(CALL));
    expect(error.code).toBe('invalid_config');
    expect(error.status).toBe(530);
    expect(error.message).toContain(`${server.host}:${server.port} requires TLS`);
    expect(error.message).toMatch(/set secure: true/);
    expect(ms).toBeLessThan(FAILS_WITHIN_MS);
  });

  it('never puts the password in an error, a log line or a result', () => {
    expect(errors.length).toBe(3);
    const everything = JSON.stringify({ errors: errors.map((e) => ({ ...e.toJSON(), stack: e.stack })), logged: logger.lines, results });
    expect(everything).not.toContain(server.password);
  });
});
