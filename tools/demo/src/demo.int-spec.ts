import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  filesUnder,
  isRunning,
  makeTempDir,
  REPO_ROOT,
  startProcess,
  TESTBED_STATE_DIR,
  type ManagedProcess,
  type TempDir,
} from '@ipfs-kit/testbed';

/** The compile step (tsc, when sources changed) plus the servers, the API and the checks, on a busy machine. */
const RUN_TIMEOUT_MS = 210_000;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * `npm run demo -- --check` as a user runs it (node tools/scripts/run-tool.cjs tools/demo src/demo.ts): real
 * js-ipfs, s3rver, Parquet and Arrow folders, vsftpd and sshd when root, the built API
 * (the Nx test target builds it first), services added and started over HTTP.
 */
describe('npm run demo -- --check (real servers, built API)', () => {
  let temp: TempDir;
  let demo: ManagedProcess;
  let exitCode: number | null;
  let output: string;

  beforeAll(async () => {
    temp = await makeTempDir('demo-check');
    const logFile = join(temp.path, 'demo-output.log');
    demo = startProcess(
      process.execPath,
      [
        join(REPO_ROOT, 'tools', 'scripts', 'run-tool.cjs'),
        'tools/demo',
        'src/demo.ts',
        '--check',
        '--no-build',
        '--dir',
        join(temp.path, 'demo'),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: '' },
        logFile,
      },
    );
    exitCode = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), RUN_TIMEOUT_MS);
      demo.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log stream flushes
    output = await readFile(logFile, 'utf8');
  }, RUN_TIMEOUT_MS + 20_000);

  afterAll(async () => {
    await demo?.stop(5_000);
    await temp?.remove();
  });

  it('exits 0 with every service running and healthy, and says so in one closing line', () => {
    expect({ exitCode, tail: output.split('\n').slice(-40).join('\n') }).toEqual({
      exitCode: 0,
      tail: expect.stringContaining('ALL GOOD'),
    });
    const expected = isRoot ? ['ipfs', 's3', 'ftp', 'sshfs', 'parquet', 'arrow'] : ['ipfs', 's3', 'parquet', 'arrow'];
    for (const name of expected) {
      expect(output).toMatch(new RegExp(`^${name}\\s+${name}\\s+running\\s+healthy\\s+.*\\sok$`, 'm'));
    }
    expect(output).toMatch(
      new RegExp(
        `demo check: ${expected.length}/${expected.length} services running and healthy, 0 server\\(s\\) failed to start`,
      ),
    );
    if (!isRoot) expect(output).toMatch(/skipped ftp: vsftpd needs root/);
  });

  it('checked the API itself: health without a token, 401 without one elsewhere, the dashboard at /', () => {
    expect(output).toContain('ok: GET /api/system/health without a token (answered 200)');
    expect(output).toContain('ok: GET /api/services/list without a token is refused (answered 401)');
    expect(output).toContain('ok: GET / serves the dashboard (answered 200, HTML)');
  });

  it('measured what each server stores (objects written by the demo, not zero)', () => {
    const s3Row = output.split('\n').find((line) => /^s3\s+s3\s/.test(line)) ?? '';
    expect(s3Row).toMatch(/\s6\s+2\.1 MB\s+ok$/); // 6 objects, 2,056,120 bytes
    const ipfsRow = output.split('\n').find((line) => /^ipfs\s+ipfs\s/.test(line)) ?? '';
    expect(ipfsRow).toMatch(/\s\d+\s+\d+(\.\d)? kB\s+ok$/);
  });

  it('stopped the API and every server it started, by PID', () => {
    const stopped = [...output.matchAll(/stopped (?:the )?(\S+) \(pid (\d+)\)/g)].map((match) => ({
      what: match[1],
      pid: Number(match[2]),
    }));
    expect(stopped.map((entry) => entry.what).sort()).toEqual(
      (isRoot ? ['API', 'ftp', 'ipfs', 's3', 'sshfs'] : ['API', 'ipfs', 's3']).sort(),
    );
    for (const { pid } of stopped) expect({ pid, alive: isRunning(pid) }).toEqual({ pid, alive: false });
  });

  it('used its own store folder, where the secrets are encrypted, and printed no secret', async () => {
    const home = join(temp.path, 'demo', 'home');
    expect(output).toContain(`store: ${home}`);
    expect(existsSync(join(home, 'services', 's3.yaml'))).toBe(true);
    expect(await readFile(join(home, 'services', 's3.yaml'), 'utf8')).toMatch(/secret_access_key: enc:v1:/);
    expect(output).not.toMatch(/PRIVATE KEY/);
    if (!isRoot) return;
    const ftpPassword = (await readFile(join(TESTBED_STATE_DIR, 'ipfskit-ftp.password'), 'utf8')).trim();
    expect(ftpPassword.length).toBeGreaterThan(10);
    expect(await readFile(join(home, 'services', 'sshfs.yaml'), 'utf8')).toMatch(/private_key: enc:v1:/);
    const leaks: string[] = [];
    for (const file of [...(await filesUnder(home)), ...(await filesUnder(join(temp.path, 'demo', 'logs')))]) {
      const text = await readFile(file, 'utf8');
      if (text.includes(ftpPassword) || text.includes('PRIVATE KEY')) leaks.push(file);
    }
    expect(leaks).toEqual([]);
    expect(output.includes(ftpPassword)).toBe(false);
  });
});
