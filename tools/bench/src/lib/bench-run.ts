import { loadavg } from 'node:os';
import { buildApi, makeTempDir, requireBuiltApi, type ProgressLog } from '@ipfs-kit/testbed';
import { runApiBench } from '../sections/api.bench';
import { runConcurrentWritersBench } from '../sections/concurrent-writers.bench';
import { runFleetBench } from '../sections/fleet.bench';
import { runMcpBench } from '../sections/mcp.bench';
import { runProbesBench } from '../sections/probes.bench';
import { runScaleBench } from '../sections/scale.bench';
import { runStoreBench } from '../sections/store.bench';
import { BenchBudget, type BenchContext } from './bench-context';
import { BENCH_SECTIONS, type BenchOptions, type BenchSectionName } from './bench-options';
import type { BenchFigure, BenchMeasurement, BenchResults, BenchSkip, SectionOutcome } from './bench-results';
import { machineInfo } from './machine-info';
import { ownMemory, type OtherProcessMemory } from './memory-snapshot';

const SECTIONS: Record<BenchSectionName, { title: string; run: (context: BenchContext) => Promise<SectionOutcome> }> = {
  store: { title: 'metadata store, one process', run: runStoreBench },
  concurrent: { title: 'metadata store, two processes at once', run: runConcurrentWritersBench },
  probes: { title: 'backend probes against real local servers', run: runProbesBench },
  api: { title: 'API request latency', run: runApiBench },
  mcp: { title: 'MCP tools/call against the REST route', run: runMcpBench },
  scale: { title: 'the API with 1,000 services and 3 hung ones, beside a bare node:http server', run: runScaleBench },
  fleet: { title: 'fleet: 3 nodes x 1,000 services on a 3-server NATS cluster, status change to another node', run: runFleetBench },
};
/** Sections that run the built API. */
const API_SECTIONS: readonly BenchSectionName[] = ['api', 'mcp', 'scale', 'fleet'];
/** A section is not started with less time than this left. */
const MIN_SECTION_MS = 5_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the chosen sections in order within the budget and collects everything measured. */
export async function runBench(options: BenchOptions, log: ProgressLog): Promise<BenchResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machineAtStart = machineInfo();
  const benchBefore = ownMemory();
  let benchPeakRssBytes = benchBefore.rssBytes;
  log.info(
    `load average ${machineAtStart.loadAverage.join(' ')} on ${machineAtStart.cpus} CPUs (numbers from a busy machine are slower)`,
  );

  const measurements: BenchMeasurement[] = [];
  const figures: BenchFigure[] = [];
  const skipped: BenchSkip[] = [];
  const details: BenchResults['details'] = {};
  let apiBuilt = true;
  let buildS: number | null = null;
  const needsApi = API_SECTIONS.some((section) => options.sections.has(section));
  if (needsApi) {
    try {
      if (options.build) {
        const buildStarted = performance.now();
        await buildApi(log);
        buildS = Math.round((performance.now() - buildStarted) / 100) / 10;
      }
      requireBuiltApi();
    } catch (error) {
      apiBuilt = false;
      for (const section of API_SECTIONS) {
        if (options.sections.has(section)) skipped.push({ section, what: 'all', reason: message(error) });
      }
      log.warn(`the sections that need the built API are skipped: ${message(error)}`);
    }
  }

  const budget = new BenchBudget(options.budgetS, options.quick);
  log.info(
    `measuring ${[...options.sections].join(', ')}${options.quick ? ' (quick)' : ''} within ${options.budgetS} s`,
  );
  const work = await makeTempDir('bench');
  try {
    for (const section of BENCH_SECTIONS) {
      if (!options.sections.has(section) || (API_SECTIONS.includes(section) && !apiBuilt)) continue;
      if (budget.remainingMs() < MIN_SECTION_MS) {
        skipped.push({ section, what: 'all', reason: `the run budget (${options.budgetS} s) was used up` });
        continue;
      }
      log.info(`${section}: ${SECTIONS[section].title}`);
      try {
        const outcome = await SECTIONS[section].run({ options, log, workDir: work.path, budget });
        measurements.push(...outcome.measurements);
        figures.push(...outcome.figures);
        skipped.push(...outcome.skipped);
        details[section] = outcome.details;
      } catch (error) {
        skipped.push({ section, what: 'all', reason: `failed: ${message(error)}` });
        log.warn(`${section} failed: ${message(error)}`);
      }
      benchPeakRssBytes = Math.max(benchPeakRssBytes, process.memoryUsage().rss);
    }
  } finally {
    await work.remove();
  }

  for (const measurement of measurements) {
    if (measurement.latency === null && !measurement.unknown)
      measurement.unknown = 'no sample: the run budget was used up';
  }
  const [one, five, fifteen] = loadavg().map((value) => Math.round(value * 100) / 100);
  const apiMemory = details.api?.['apiMemory'] as
    { beforeRequests: OtherProcessMemory; afterRequests: OtherProcessMemory } | undefined;
  return {
    format: 'ipfs-kit-bench',
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    buildS,
    machineAtStart,
    loadAverageAtEnd: [one, five, fifteen],
    options: {
      quick: options.quick,
      sections: [...options.sections],
      services: options.services,
      requests: options.requests,
      budgetS: options.budgetS,
    },
    measurements,
    figures,
    skipped,
    details,
    memory: { benchBefore, benchAfter: ownMemory(), benchPeakRssBytes, api: apiMemory ?? null },
  };
}
