import type { BenchResults } from './bench-results';
import { formatResults } from './results-table';

const memory = {
  rssBytes: 120e6,
  heapUsedBytes: 40e6,
  heapTotalBytes: 60e6,
  externalBytes: 1e6,
  arrayBuffersBytes: 1e5,
};

const results: BenchResults = {
  format: 'ipfs-kit-bench',
  version: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:02:00.000Z',
  durationS: 120,
  buildS: 5.5,
  machineAtStart: {
    cpus: 2,
    cpuModel: 'Test CPU',
    totalMemoryBytes: 24e9,
    loadAverage: [1.5, 1, 0.5],
    node: 'v22.23.3',
    platform: 'linux-x64',
    root: true,
  },
  loadAverageAtEnd: [2, 1.2, 0.6],
  options: { quick: false, sections: ['store', 'api'], services: 20, requests: 300, budgetS: 150 },
  measurements: [
    {
      section: 'store',
      name: 'write service config, no secrets',
      latency: {
        count: 1000,
        wallMs: 5000,
        opsPerS: 200,
        minMs: 1,
        meanMs: 4.9,
        p50Ms: 3.456,
        p95Ms: 14.6,
        p99Ms: 123.4,
        maxMs: 250,
      },
      note: 'atomic write + file lock',
    },
    { section: 'api', name: 'GET /api/services/list', latency: null, unknown: 'GET /api/services/list answered 500' },
  ],
  figures: [
    { section: 'scale', name: 'GET one status / bare', value: 0.4312, unit: 'x', goal: '>= 0.25x (aim 0.5x)', met: true },
    { section: 'scale', name: 'ready with 1,003 services', value: 3.25, unit: 's', goal: '<= 2 s', met: false, note: 'spawn to health 200' },
    { section: 'scale', name: 'CPU per probe', value: null, unit: 'ms', goal: '< 1 ms', met: null, note: 'no probe ran' },
  ],
  skipped: [{ section: 'probes', what: 'ftp', reason: 'needs root' }],
  details: {},
  memory: {
    benchBefore: memory,
    benchAfter: { ...memory, rssBytes: 190e6, heapUsedBytes: 80e6 },
    benchPeakRssBytes: 200e6,
    api: {
      beforeRequests: { rssBytes: 150e6, peakRssBytes: 150e6 },
      afterRequests: { rssBytes: 160e6, peakRssBytes: 165e6 },
    },
  },
};

describe(formatResults.name, () => {
  it('prints one row per measurement with 3 significant digits, then memory, skips and the machine load', () => {
    const lines = formatResults(results).split('\n');
    expect(lines[0]).toMatch(/^section\s+measurement\s+n\s+ops\/s\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms\s+note$/);
    expect(lines[2]).toMatch(
      /^store\s+write service config, no secrets\s+1000\s+200\s+3\.46\s+14\.6\s+123\s+250\s+atomic write \+ file lock$/,
    );
    expect(lines[3]).toMatch(
      /^api\s+GET \/api\/services\/list\s+0\s+-\s+-\s+-\s+-\s+-\s+not measured: GET \/api\/services\/list answered 500$/,
    );
    const text = lines.join('\n');
    expect(text).toContain(
      'memory of the bench process: RSS 120.0 MB -> 190.0 MB (peak seen 200.0 MB), heap used 40.0 MB -> 80.0 MB',
    );
    expect(text).toContain(
      'memory of the API process: RSS 150.0 MB before the requests -> 160.0 MB after (peak 165.0 MB)',
    );
    expect(text).toContain('skipped probes/ftp: needs root');
    expect(text).toMatch(/^section\s+figure\s+value\s+goal\s+met\s+note$/m);
    expect(text).toMatch(/^scale\s+GET one status \/ bare\s+0\.431 x\s+>= 0\.25x \(aim 0\.5x\)\s+yes$/m);
    expect(text).toMatch(/^scale\s+ready with 1,003 services\s+3\.25 s\s+<= 2 s\s+NO\s+spawn to health 200$/m);
    expect(text).toMatch(/^scale\s+CPU per probe\s+-\s+< 1 ms\s+not measured: no probe ran$/m);
    expect(lines.at(-1)).toBe(
      'machine: 2 x Test CPU, 24.0 GB memory, Node v22.23.3; load average 1.5 1 0.5 at start, 2 1.2 0.6 at end; run took 120 s (the API build 5.5 s of it)',
    );
  });
});
