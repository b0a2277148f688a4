import type { ApiCheck, ServiceCheck } from './demo-check';
import { demoSucceeded, formatDemoReport, type DemoReport } from './demo-summary';

const service = (name: string, overrides: Partial<ServiceCheck> = {}): ServiceCheck => ({
  name,
  type: name,
  status: 'running',
  health: 'healthy',
  latencyMs: 12.5,
  objects: 6,
  usedBytes: 2_056_120,
  storageNote: null,
  ok: true,
  problem: null,
  ...overrides,
});
const apiOk: ApiCheck = { what: 'GET /api/system/health without a token', ok: true, detail: 'answered 200' };

describe(demoSucceeded.name, () => {
  const good: DemoReport = {
    services: [service('s3'), service('parquet')],
    api: [apiOk],
    skipped: [{ name: 'ftp', reason: 'needs root' }],
    failed: [],
  };

  it('is true when every service is good, every API check passed and nothing failed to start (skipped ones do not count)', () => {
    expect(demoSucceeded(good)).toBe(true);
  });

  it.each<[string, Partial<DemoReport>]>([
    [
      'a service is not healthy',
      { services: [service('s3'), service('ipfs', { ok: false, health: 'unhealthy', problem: 'timeout: no answer' })] },
    ],
    ['an API check failed', { api: [{ ...apiOk, ok: false }] }],
    ['a server did not start', { failed: [{ name: 'ipfs', error: 'js-ipfs exited' }] }],
    ['no service ran at all', { services: [] }],
  ])('is false when %s', (_, change) => {
    expect(demoSucceeded({ ...good, ...change })).toBe(false);
  });
});

describe(formatDemoReport.name, () => {
  it('prints a row per service, the skipped and failed servers, the API checks and one closing line', () => {
    const sut = formatDemoReport({
      services: [
        service('s3'),
        service('ipfs', {
          ok: false,
          status: 'error',
          health: 'unhealthy',
          latencyMs: null,
          objects: null,
          usedBytes: null,
          problem: 'unreachable: 127.0.0.1:5001 refused',
          storageNote: 'objects: unknown',
        }),
      ],
      api: [apiOk],
      skipped: [{ name: 'ftp', reason: 'vsftpd needs root' }],
      failed: [{ name: 'sshfs', error: 'sshd exited' }],
    });
    const lines = sut.split('\n');
    expect(lines[0]).toMatch(/^service\s+type\s+status\s+health\s+probe\s+objects\s+used\s+result$/);
    expect(lines[2]).toMatch(/^s3\s+s3\s+running\s+healthy\s+12\.5 ms\s+6\s+2\.1 MB\s+ok$/);
    expect(lines[3]).toMatch(
      /^ipfs\s+ipfs\s+error\s+unhealthy\s+\?\s+\?\s+\?\s+FAILED: unreachable: 127\.0\.0\.1:5001 refused$/,
    );
    expect(sut).toContain('  ipfs: storage objects: unknown');
    expect(sut).toContain('FAILED to start sshfs: sshd exited');
    expect(sut).toContain('skipped ftp: vsftpd needs root');
    expect(sut).toContain('ok: GET /api/system/health without a token (answered 200)');
    expect(lines.at(-1)).toBe(
      'demo check: 1/2 services running and healthy, 1 server(s) failed to start, 1 skipped, 1/1 API checks passed: PROBLEMS',
    );
  });
});
