import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, REPO_ROOT, startProcess, type ManagedProcess, type TempDir } from '@ipfs-kit/testbed';
import type { BenchResults } from './lib/bench-results';

const RUN_TIMEOUT_MS = 180_000;

/**
 * `npm run bench -- --quick --only store,concurrent` as a user runs it: a real store on
 * disk and two real writer processes. Measured numbers are not asserted (no timing
 * assertions); what is checked is that every measurement has samples and sane shapes,
 * and that the table and the JSON file agree.
 */
describe('npm run bench -- --quick --only store,concurrent (real store, real processes)', () => {
  let temp: TempDir;
  let bench: ManagedProcess;
  let exitCode: number | null;
  let output: string;
  let results: BenchResults;

  beforeAll(async () => {
    temp = await makeTempDir('bench-run');
    const outDir = join(temp.path, 'results');
    const logFile = join(temp.path, 'bench-output.log');
    bench = startProcess(
      process.execPath,
      [
        join(REPO_ROOT, 'tools', 'scripts', 'run-tool.cjs'),
        'tools/bench',
        'src/bench.ts',
        '--quick',
        '--only',
        'store,concurrent',
        '--out',
        outDir,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: '' },
        logFile,
      },
    );
    exitCode = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), RUN_TIMEOUT_MS);
      bench.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    output = await readFile(logFile, 'utf8');
    const files = await readdir(outDir);
    results = JSON.parse(await readFile(join(outDir, files[0]), 'utf8')) as BenchResults;
  }, RUN_TIMEOUT_MS + 20_000);

  afterAll(async () => {
    await bench?.stop(5_000);
    await temp?.remove();
  });

  it('exits 0 and names the results file it wrote', () => {
    expect({ exitCode, tail: output.slice(-2_000) }).toEqual({
      exitCode: 0,
      tail: expect.stringMatching(/results: .*results-\d{4}-\d\d-\d\dT[\d-]+Z\.json/),
    });
    expect(results).toMatchObject({
      format: 'ipfs-kit-bench',
      version: 1,
      options: { quick: true, sections: ['store', 'concurrent'] },
    });
  });

  it('measured every store and concurrent-writer operation with samples and ordered percentiles', () => {
    const names = results.measurements.map((m) => `${m.section}: ${m.name.trim()}`);
    expect(names).toEqual([
      'store: write service config, no secrets',
      'store: write service config, 1 secret (encrypted)',
      'store: read service config, no secrets',
      'store: read service config, 1 secret (decrypted)',
      'store: list 40 services',
      'store: update service state (read-modify-write)',
      'concurrent: 1 process writing',
      'concurrent: 2 processes writing at once (all writes)',
      'concurrent: process p1 of 2',
      'concurrent: process p2 of 2',
    ]);
    for (const m of results.measurements) {
      const l = m.latency;
      expect({ name: m.name, hasLatency: l !== null }).toEqual({ name: m.name, hasLatency: true });
      if (!l) continue;
      expect(l.count).toBeGreaterThan(0);
      expect(l.minMs).toBeLessThanOrEqual(l.p50Ms);
      expect(l.p50Ms).toBeLessThanOrEqual(l.p95Ms);
      expect(l.p95Ms).toBeLessThanOrEqual(l.p99Ms);
      expect(l.p99Ms).toBeLessThanOrEqual(l.maxMs);
      expect(l.opsPerS).toBeGreaterThan(0);
    }
  });

  it('the two writer processes each wrote their share, and left the store consistent', () => {
    const both = results.measurements.find((m) => m.name.startsWith('2 processes'))?.latency;
    const each = results.measurements.filter((m) => /process p\d of 2/.test(m.name)).map((m) => m.latency?.count ?? 0);
    expect(each).toHaveLength(2);
    expect(both?.count).toBe(each[0] + each[1]);
    // Every odd write goes to one of the writer's own ten services, every even one to the shared one.
    const ownServices = each.reduce((sum, count) => sum + Math.min(10, Math.floor(count / 2)), 0);
    expect(results.details.concurrent).toMatchObject({ leftoverLockOrTempFiles: [], servicesAfter: 1 + ownServices });
  });

  it('records memory and the machine load with the numbers, and prints the same in its table', () => {
    expect(results.memory.benchBefore.rssBytes).toBeGreaterThan(0);
    expect(results.memory.benchAfter.heapUsedBytes).toBeGreaterThan(0);
    expect(results.memory.api).toBeNull();
    expect(results.machineAtStart.loadAverage).toHaveLength(3);
    expect(results.machineAtStart.cpus).toBeGreaterThan(0);
    expect(output).toMatch(/^section\s+measurement\s+n\s+ops\/s\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms\s+note$/m);
    const first = results.measurements[0];
    expect(output).toMatch(
      new RegExp(`^store\\s+${first.name}\\s+${first.latency?.count}\\s+${first.latency?.opsPerS}\\s`, 'm'),
    );
    expect(output).toMatch(/^machine: \d+ x .*load average/m);
  });
});
