import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  filesUnder,
  startSshd,
  startVsftpd,
  writeFileTree,
  type ApiResponse,
  type FileTreeTotals,
  type SshdServer,
  type VsftpdServer,
} from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';

const WRONG_PASSWORD = 'not-the-password-0815';
const FTP_QUOTA = 1_000_000;

/**
 * FTP and SFTP storage through the API, against the test bed's real servers (Debian's
 * vsftpd and OpenSSH sshd on 127.0.0.1; they need root): add, start, status, storage
 * and quota numbers of a folder tree the test wrote, and no password or private key in
 * any answer, event, log line or file outside services/.
 */
describe('Remote file services (e2e over HTTP, real vsftpd and sshd)', () => {
  let ftp: VsftpdServer;
  let sshd: SshdServer;
  let ftpTree: FileTreeTotals;
  let sshTree: FileTreeTotals;
  let sshTreeDir: string;
  let api: TestApi;
  let stream: SseConnection;
  const answers: ApiResponse[] = [];

  const call = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const answer = await api.request(method, path, body === undefined ? {} : { body });
    answers.push(answer);
    return answer;
  };

  /** The secret values this run uses: none may leave the store. */
  const secrets = (): string[] => {
    const keyLines = sshd.privateKey.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
    return [ftp.password, sshd.password ?? '', sshd.privateKey, ...keyLines, WRONG_PASSWORD].filter((secret) => secret.length > 0);
  };

  beforeAll(async () => {
    ftp = await startVsftpd();
    sshd = await startSshd({ passwordAuthentication: true });
    ftpTree = await writeFileTree(ftp.rootDir, undefined, ftp.owner);
    sshTreeDir = join(sshd.rootDir, 'tree');
    sshTree = await writeFileTree(sshTreeDir, undefined, sshd.owner);
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    stream = await openEventStream(`${api.url}/api/events?token=${api.token}`);
  });

  afterAll(async () => {
    stream?.close();
    await api?.close();
    await sshd?.stop();
    await ftp?.stop();
  });

  describe('ftp (vsftpd)', () => {
    it('adds and starts an ftp service: running, healthy, the server greeting as its version', async () => {
      const config = { host: ftp.host, port: ftp.port, username: ftp.username, password: ftp.password, root_path: ftp.rootDir, timeout_ms: 10_000, quota_bytes: FTP_QUOTA };
      expect((await call('POST', '/api/services/add', { name: 'ftp-files', type: 'ftp', config })).status).toBe(201);
      const started = await call('POST', '/api/services/ftp-files/start');
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started', error: null });

      const status = await call('GET', '/api/services/ftp-files/status?refresh=true');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ name: 'ftp-files', type: 'ftp', status: 'running', health: 'healthy', version: ftp.banner, consecutive_failures: 0 });
      expect(status.body.latency_ms).toBeGreaterThanOrEqual(0);
    });

    it('measures the files and bytes the test wrote under root_path, and the declared quota against them', async () => {
      const storage = await call('GET', '/api/services/ftp-files/storage?refresh=true');
      expect(storage.status).toBe(200);
      expect(storage.body).toMatchObject({ service: 'ftp-files', source: 'live', basis: 'measured', used: ftpTree.bytes, objects: ftpTree.files, total: null });
      expect(typeof storage.body.unknown.total).toBe('string');

      const quota = await call('GET', '/api/services/ftp-files/quota?refresh=true');
      expect(quota.status).toBe(200);
      expect(quota.body).toMatchObject({ used: ftpTree.bytes, total: FTP_QUOTA, free: FTP_QUOTA - ftpTree.bytes, objects: ftpTree.files, quota: FTP_QUOTA });
    });

    it('shows the password as set, never its value', async () => {
      const config = await call('GET', '/api/services/ftp-files/config/info');
      expect(config.status).toBe(200);
      expect(config.body.config).toMatchObject({ host: ftp.host, port: ftp.port, username: ftp.username, root_path: ftp.rootDir });
      expect(config.body.config).not.toHaveProperty('password');
      expect(config.body.secrets).toMatchObject({ password: 'set' });
    });

    it('a wrong password: the check fails as unauthorized, the service is no longer healthy, and the answer names no password', async () => {
      const patched = await call('PATCH', '/api/services/ftp-files/config', { password: WRONG_PASSWORD });
      expect(patched.status).toBe(200);
      const status = await call('GET', '/api/services/ftp-files/status?refresh=true');
      expect(status.body.error).toMatchObject({ code: 'unauthorized' });
      expect(['degraded', 'unhealthy']).toContain(status.body.health);
      expect(status.body.error.message).toContain(ftp.username);

      expect((await call('PATCH', '/api/services/ftp-files/config', { password: ftp.password })).status).toBe(200);
      expect((await call('GET', '/api/services/ftp-files/status?refresh=true')).body).toMatchObject({ status: 'running', health: 'healthy' });
    });
  });

  describe('sshfs (OpenSSH sshd)', () => {
    it('adds and starts sshfs services with a private key and with a password: running, healthy, OpenSSH as version', async () => {
      const base = { host: sshd.host, port: sshd.port, username: sshd.username, remote_path: sshTreeDir, timeout_ms: 10_000 };
      expect((await call('POST', '/api/services/add', { name: 'ssh-key', type: 'sshfs', config: { ...base, private_key: sshd.privateKey }, start: true })).status).toBe(201);
      expect((await call('POST', '/api/services/add', { name: 'ssh-password', type: 'sshfs', config: { ...base, password: sshd.password }, start: true })).status).toBe(201);
      for (const name of ['ssh-key', 'ssh-password']) {
        const status = await call('GET', `/api/services/${name}/status?refresh=true`);
        expect(status.status).toBe(200);
        expect(status.body).toMatchObject({ name, type: 'sshfs', status: 'running', health: 'healthy', desired_state: 'started' });
        expect(status.body.version).toMatch(/^OpenSSH_\d/);
      }
    });

    it('measures the files and bytes the test wrote under remote_path, and the size of the disk behind it', async () => {
      for (const name of ['ssh-key', 'ssh-password']) {
        const storage = await call('GET', `/api/services/${name}/storage?refresh=true`);
        expect(storage.status).toBe(200);
        expect(storage.body).toMatchObject({ service: name, source: 'live', basis: 'measured', used: sshTree.bytes, objects: sshTree.files });
        expect(storage.body.total).toBeGreaterThan(sshTree.bytes);
        expect(storage.body.total_size).toBe(storage.body.total);
      }
      // Metadata first: the second read comes from the store, with the same numbers.
      const stored = await call('GET', '/api/services/ssh-key/storage');
      expect(stored.body).toMatchObject({ source: 'metadata', used: sshTree.bytes, objects: sshTree.files });
    });

    it('shows the private key and the password as set, never their values', async () => {
      expect((await call('GET', '/api/services/ssh-key/config/info')).body.secrets).toMatchObject({ private_key: 'set' });
      expect((await call('GET', '/api/services/ssh-password/config/info')).body.secrets).toMatchObject({ password: 'set' });
      for (const name of ['ssh-key', 'ssh-password']) {
        const config = (await call('GET', `/api/services/${name}/config/info`)).body.config;
        expect(config).not.toHaveProperty('private_key');
        expect(config).not.toHaveProperty('password');
      }
    });

    it('a config test with a wrong password fails as unauthorized without saving anything', async () => {
      const tested = await call('POST', '/api/services/test', {
        type: 'sshfs',
        config: { host: sshd.host, port: sshd.port, username: sshd.username, password: WRONG_PASSWORD, remote_path: sshTreeDir, timeout_ms: 10_000 },
      });
      expect(tested.status).toBe(200);
      expect(tested.body).toMatchObject({ success: false, error: { code: 'unauthorized' } });
      expect((await call('GET', '/api/services/list')).body.services).toEqual(['ftp-files', 'ssh-key', 'ssh-password']);
    });
  });

  it('no password or private key in any answer, event, log line, backup or file outside services/', async () => {
    const backup = await call('GET', '/api/backup');
    expect(backup.status).toBe(200);
    expect(backup.text).toContain('enc:v1:');
    const metrics = await call('GET', '/metrics');
    expect(metrics.text).toContain('ipfs_kit_service_up{service="ssh-key",type="sshfs"} 1');

    await stream.waitFor('a probe event of ssh-password', (event) => event.type === 'probe' && event.data.service === 'ssh-password');
    const everything = [
      ...answers.map((answer) => answer.text),
      stream.rawText(),
      api.logger.lines.filter((line) => typeof line === 'string').join('\n'),
    ].join('\n');
    expect(answers.length).toBeGreaterThan(20);
    for (const secret of secrets()) expect(everything.includes(secret)).toBe(false);

    const files = (await filesUnder(api.home)).map((file) => relative(api.home, file));
    expect(files).toEqual(expect.arrayContaining(['services/ftp-files.yaml', 'state/ssh-key.json', 'monitoring/ssh-password.json']));
    for (const file of files) {
      const text = await readFile(join(api.home, file), 'utf8').catch(() => '');
      for (const secret of secrets()) expect({ file, leaks: text.includes(secret) }).toEqual({ file, leaks: false });
    }
  });
});
