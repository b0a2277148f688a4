import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from '@ipfs-kit/metadata';
import { REPO_ROOT, startProcess, type ManagedProcess } from '@ipfs-kit/testbed';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type SectionOutcome } from '../lib/bench-results';
import { summarizeLatencies, type LatencySummary } from '../lib/latency-stats';
import type { StoreWriterJob, StoreWriterResult } from '../workers/store-writer.worker';

const WORKER = 'src/workers/store-writer.worker.ts';
const READY_TIMEOUT_MS = 90_000;

interface Writer {
  process: ManagedProcess;
  output: () => string;
}

function startWriter(job: StoreWriterJob): Writer {
  const child = startProcess(
    process.execPath,
    [join(REPO_ROOT, 'tools', 'scripts', 'run-tool.cjs'), 'tools/bench', WORKER, JSON.stringify(job)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, IPFS_KIT_SECRET_KEY: '', NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { process: child, output: () => text };
}

async function until(
  writer: Writer,
  test: (output: string) => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test(writer.output())) {
    if (writer.process.exited() && !test(writer.output()))
      throw new Error(`store writer exited before ${what}: ${writer.process.recentOutput()}`);
    if (Date.now() > deadline)
      throw new Error(`store writer: no ${what} within ${timeoutMs} ms: ${writer.process.recentOutput()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function resultOf(writer: Writer): StoreWriterResult {
  const line = writer
    .output()
    .split('\n')
    .find((candidate) => candidate.startsWith('result '));
  if (!line) throw new Error(`store writer printed no result: ${writer.process.recentOutput()}`);
  return JSON.parse(line.slice('result '.length)) as StoreWriterResult;
}

/** Starts `count` writer processes on `home`, lets them go at once, and returns their results. */
async function runWriters(home: string, count: number, maxCount: number, maxMs: number): Promise<StoreWriterResult[]> {
  const secret = randomBytes(16).toString('base64url');
  const writers = Array.from({ length: count }, (_, index) =>
    startWriter({ home, id: `p${index + 1}`, maxCount, maxMs, secret }),
  );
  try {
    await Promise.all(
      writers.map((writer) => until(writer, (text) => text.includes('ready\n'), READY_TIMEOUT_MS, '"ready"')),
    );
    for (const writer of writers) writer.process.child.stdin?.write('go\n');
    await Promise.all(
      writers.map((writer) => until(writer, (text) => /^result .*\n/m.test(text), maxMs + 60_000, 'result')),
    );
    return writers.map(resultOf);
  } finally {
    await Promise.all(writers.map((writer) => writer.process.stop(2_000)));
  }
}

/** Every service file parses and no lock or temp file is left: the store is consistent. */
async function inspectStore(home: string): Promise<{ services: number; leftoverFiles: string[] }> {
  const store = await MetadataManager.open({ home, logger: { warn: () => undefined, log: () => undefined } });
  const services = (await store.listServices()).length;
  const leftoverFiles = (await readdir(join(home, 'services'))).filter((name) =>
    /\.lock$|\.tmp-|\.corrupt-/.test(name),
  );
  return { services, leftoverFiles };
}

function combined(results: StoreWriterResult[]): LatencySummary | null {
  return summarizeLatencies(
    results.flatMap((result) => result.samples),
    Math.max(...results.map((result) => result.wallMs)),
  );
}

/**
 * Two OS processes writing one store at once (half of the writes to one shared service,
 * so they contend for its lock), against one process alone doing the same.
 */
export async function runConcurrentWritersBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { budget, log } = context;
  const limits = budget.limits(600, 8_000);
  log.info(
    `  concurrent: 1 writer process, then 2 at once (at most ${limits.maxCount} writes or ${Math.round(limits.maxMs / 1000)} s each)`,
  );

  const alone = await runWriters(join(context.workDir, 'writers-1'), 1, limits.maxCount, limits.maxMs);
  outcome.measurements.push({
    section: 'concurrent',
    name: '1 process writing',
    latency: combined(alone),
    note: 'half to a shared service, half to its own; encrypted secret',
  });

  const both = await runWriters(join(context.workDir, 'writers-2'), 2, limits.maxCount, limits.maxMs);
  outcome.measurements.push({
    section: 'concurrent',
    name: '2 processes writing at once (all writes)',
    latency: combined(both),
    note: 'ops/s = both together',
  });
  for (const result of both) {
    outcome.measurements.push({
      section: 'concurrent',
      name: `  process ${result.id} of 2`,
      latency: summarizeLatencies(result.samples, result.wallMs),
    });
  }
  const inspected = await inspectStore(join(context.workDir, 'writers-2'));
  outcome.details = {
    writesPerProcess: both.map((result) => result.samples.length),
    servicesAfter: inspected.services,
    leftoverLockOrTempFiles: inspected.leftoverFiles,
  };
  const line = (summary: LatencySummary | null): string =>
    summary ? `${summary.opsPerS} writes/s, p95 ${summary.p95Ms} ms` : 'no sample';
  log.info(
    `  concurrent: alone ${line(combined(alone))}; two at once ${line(combined(both))}; store consistent afterwards: ${inspected.leftoverFiles.length === 0}`,
  );
  return outcome;
}
