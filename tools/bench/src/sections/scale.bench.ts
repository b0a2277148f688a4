import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, sampleParquetDataset, startBuiltApi, startSilentServer, writeParquetDataset, type RunningApi } from '@ipfs-kit/testbed';
import { startBareServer } from '../lib/bare-server';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type BenchFigure, type SectionOutcome } from '../lib/bench-results';
import { httpLoad } from '../lib/http-load';
import { GcProbe, INSPECT_ON_SIGNAL_OPTION, medianMemoryAfterGc, type MemoryAfterGc } from '../lib/memory-after-gc';
import { cpuMs } from '../lib/process-cpu';
import { hungS3Services, parquetServices, writeStartedServices } from './scale-fixtures';
import { measureIdleStart } from './scale-idle';
import { measureHistorySize, probesPerService } from './scale-history';
import { samplerCounts, waitForSamplerRound } from './scale-sampler';

const PARQUET = 1_000;
const HUNG = 3;
const BASELINE = 10;
const CONNECTIONS = 50;
const INTERVAL_S = 30;
const CHECKED_WITHIN_S = 40;
/**
 * The steady window for the CPU per probe: two whole intervals, opened after the first one
 * (right after the 40 s above, themselves after the sampler's first round): by then the
 * start-up work has settled (the JIT's optimizing compiles, the first major GC after the
 * sampler's reads), which the first window still pays for.
 */
const STEADY_WINDOW_S = 2 * INTERVAL_S;
/** How long the first checks of every service may take after the start before the window opens anyway. */
const FIRST_ROUND_MAX_S = 60;
/** How long the storage sampler's first round (a storage and quota read of each service) may take before the window opens anyway. */
const SAMPLER_ROUND_MAX_S = 180;
const FLUSH_WAIT_MS = 3_000;
const RSS_SETTLE_MS = 5_000;
/** The read of the answer the bare server copies (bounds the section when the API is slow). */
const ANSWER_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Answers per second of the API and the bare server, and the CPU each spent per answer (µs). */
interface Compared {
  api: number | null;
  bare: number | null;
  cpuUs: { api: number | null; bare: number | null };
}

/**
 * The scale section: the built API with 1,000 parquet services and 3 s3 services whose
 * endpoint accepts and never answers, all wanted started (so checked every 30 s), next to
 * a bare node:http server in its own process that answers JSON.stringify of the same
 * object. Everything is printed with its goal; nothing is asserted.
 */
export async function runScaleBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { log, options, workDir } = context;
  const loadS = options.quick ? 2 : 5;
  const NO_RATE = 'a rate is missing (see the measurements)';
  const figure = (name: string, value: number | null, unit: string, goal: string | null, met: ((v: number) => boolean) | null, note?: string): void => {
    const shown = note && !(value !== null && note === NO_RATE) ? { note } : {};
    const entry: BenchFigure = { section: 'scale', name, value: value === null ? null : round(value), unit, goal, met: value === null || !met ? null : met(value), ...shown };
    outcome.figures.push(entry);
    log.info(`  scale: ${name}: ${value === null ? `not measured (${note})` : `${entry.value} ${unit}`}${goal ? ` (goal ${goal})` : ''}`);
  };

  const dataset = await writeParquetDataset(join(workDir, 'scale-data'), sampleParquetDataset());
  const silent = await startSilentServer();
  const home = join(workDir, 'scale-home');
  const token = randomBytes(24).toString('hex');
  const headers = { authorization: `Bearer ${token}` };
  // The inspector option only says where SIGUSR1 opens the inspector (for the memory after
  // a forced GC below); nothing is opened before that signal.
  const env = { IPFS_KIT_CHECK_INTERVAL_S: String(INTERVAL_S), IPFS_KIT_LOG_LEVEL: 'warn', NODE_OPTIONS: INSPECT_ON_SIGNAL_OPTION };
  const start = async (): Promise<{ api: RunningApi; readyS: number }> => {
    const started = performance.now();
    const api = await startBuiltApi({ home, port: await freePort(), token, logFile: join(workDir, 'scale-api.log'), env, readyTimeoutMs: 120_000 });
    return { api, readyS: (performance.now() - started) / 1000 };
  };
  const answerOf = async (api: RunningApi, path: string): Promise<unknown> => {
    const response = await fetch(`${api.url}${path}`, { headers, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  };
  /**
   * autocannon on the API, then on a bare server answering the same object: the rate of
   * each, and the CPU each process spent per answer (a busy machine moves the rates a lot,
   * the CPU per answer much less).
   */
  const compare = async (api: RunningApi, label: string, path: string): Promise<Compared> => {
    let answer: unknown;
    try {
      answer = await answerOf(api, path);
    } catch (error) {
      const reason = `the answer to copy for the bare server: ${error instanceof Error ? error.message : String(error)}`;
      outcome.measurements.push({ section: 'scale', name: label, latency: null, unknown: reason });
      log.warn(`  scale: ${label}: ${reason}`);
      return { api: null, bare: null, cpuUs: { api: null, bare: null } };
    }
    const bare = await startBareServer(workDir, label.replace(/\W+/g, '-'), answer);
    try {
      const rates: Compared = { api: null, bare: null, cpuUs: { api: null, bare: null } };
      for (const [who, base, pid] of [['api', api.url, api.pid], ['bare', bare.url, bare.pid]] as const) {
        const cpuBefore = await cpuMs(pid).catch(() => null);
        const { latency, failures } = await httpLoad({ url: `${base}${path}`, headers, connections: CONNECTIONS, durationS: loadS });
        const cpuAfter = await cpuMs(pid).catch(() => null);
        rates[who] = latency?.opsPerS ?? null;
        rates.cpuUs[who] = cpuBefore !== null && cpuAfter !== null && latency && latency.count > 0 ? ((cpuAfter - cpuBefore) * 1000) / latency.count : null;
        const failed = failures.non2xx + failures.errors;
        outcome.measurements.push({
          section: 'scale',
          name: `${label}${who === 'bare' ? ', bare node:http' : ''}`,
          latency,
          note: `${CONNECTIONS} connections, ${loadS} s${failed > 0 ? `; ${failures.non2xx} other status, ${failures.errors} errors` : ''}`,
          ...(latency ? {} : { unknown: 'no answer with status 2xx' }),
        });
      }
      const us = (v: number | null): string => (v === null ? 'unknown' : `${round(v, 0)} µs`);
      log.info(`  scale: ${label}: ${rates.api} req/s, bare ${rates.bare} req/s; CPU per answer ${us(rates.cpuUs.api)}, bare ${us(rates.cpuUs.bare)}`);
      return rates;
    } finally {
      await bare.stop();
    }
  };
  const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? a / b : null);
  /** The API's memory after a forced full GC, the median of three; null (with the reason logged) when it cannot be measured. */
  const memoryOf = async (running: RunningApi, label: string): Promise<MemoryAfterGc | null> => {
    const probe = new GcProbe(running.pid, running.output);
    try {
      return await medianMemoryAfterGc(probe);
    } catch (error) {
      log.warn(`  scale: memory with ${label}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      probe.close();
    }
  };
  /** The bare server's CPU per answer over the API's: the rate ratio with a core free for each (the API's checks count too). */
  const cpuFigure = (name: string, compared: Compared): void =>
    figure(
      `${name}, CPU per answer (bare / API)`,
      ratio(compared.cpuUs.bare, compared.cpuUs.api),
      'x',
      null,
      null,
      compared.cpuUs.api === null || compared.cpuUs.bare === null
        ? 'CPU time unknown'
        : `${round(compared.cpuUs.api, 0)} µs of the API's CPU per answer (its checks running), ${round(compared.cpuUs.bare, 0)} µs of the bare server's`,
    );


  let api: RunningApi | null = null;
  try {
    // 0. No services: idle RSS and the time to ready, beside a bare node:http process.
    const idle = await measureIdleStart(workDir, token, RSS_SETTLE_MS);
    const mb = (bytes: number | null): number | null => (bytes === null ? null : bytes / 2 ** 20);
    const shownMb = (bytes: number | null): string => (bytes === null ? 'unknown' : `${round(bytes / 2 ** 20, 1)} MB`);
    figure('idle RSS, no services', mb(idle.api.rssBytes), 'MB', 'as low as the stack allows', null, `${RSS_SETTLE_MS / 1000} s after ready; the Python original: 48 MB`);
    figure('idle RSS / bare node:http process', ratio(idle.api.rssBytes, idle.bare.rssBytes), 'x', null, null, `bare node:http process ${shownMb(idle.bare.rssBytes)}`);
    figure(
      'ready with no services',
      idle.api.readyS,
      's',
      null,
      null,
      `process start to GET /api/system/health 200 (polled every 20 ms); ${idle.api.cpuToReadyMs ?? 'unknown'} ms of CPU until then`,
    );
    figure(
      'ready with no services / bare node:http process',
      ratio(idle.api.readyS, idle.bare.readyS),
      'x',
      null,
      null,
      `bare node:http process listening ${round(idle.bare.readyS)} s after its spawn, ${idle.bare.cpuToReadyMs ?? 'unknown'} ms of CPU`,
    );

    // 1. Ten services: the one-status rate to compare with at 1,000, and the RSS baseline.
    await writeStartedServices(home, parquetServices('data', 0, BASELINE, dataset.dir));
    api = (await start()).api;
    const one = '/api/services/data-0000/status';
    // RSS before any load (as at 1,000 below): the first checks done, a few quiet seconds.
    await sleep(RSS_SETTLE_MS);
    const memorySmall = await memoryOf(api, `${BASELINE} services`);
    const small = await compare(api, `GET one status, ${BASELINE} services`, one);
    await api.stop();
    api = null;

    // 2. 1,000 parquet services and 3 hung s3 ones; the time until the API answers.
    await writeStartedServices(home, [...parquetServices('data', BASELINE, PARQUET - BASELINE, dataset.dir), ...hungS3Services(HUNG, silent.port)]);
    const total = PARQUET + HUNG;
    log.info(`  scale: starting the API with ${total} services`);
    const started = await start();
    api = started.api;
    const cpuToReady = await cpuMs(api.pid).catch(() => null);
    figure(
      `ready with ${total} services`,
      started.readyS,
      's',
      '<= 2 s',
      (v) => v <= 2,
      `process start to GET /api/system/health 200 (polled every 250 ms); ${cpuToReady ?? 'unknown'} ms of CPU until then`,
    );

    // 3. Checks, counted from the history (the API is not asked): the first of every parquet
    // service (bounded), then a quiet window of 40 s for the checks and the CPU they cost.
    const historyFile = join(home, 'monitoring', 'history.sqlite');
    const parquetNames = parquetServices('data', 0, PARQUET, dataset.dir).map((s) => s.name);
    const hungNames = hungS3Services(HUNG, silent.port).map((s) => s.name);
    const startedAt = Date.now() - started.readyS * 1000;
    let firstRoundS: number | null = null;
    while ((Date.now() - startedAt) / 1000 < FIRST_ROUND_MAX_S) {
      await sleep(2_000);
      const seen = probesPerService(historyFile, startedAt, Date.now());
      if (parquetNames.every((name) => (seen.get(name) ?? 0) > 0)) {
        firstRoundS = (Date.now() - startedAt) / 1000;
        break;
      }
    }
    log.info(`  scale: first check of every parquet service ${firstRoundS === null ? `not seen within ${FIRST_ROUND_MAX_S} s of the start` : `${round(firstRoundS, 1)} s after the start`}`);
    // The storage sampler reads each service's storage and quota after its first scheduled check (then
    // every 15 minutes): not a cost of the probes. Its first round is measured on its own,
    // then the probe window opens.
    // Every service's first scheduled check comes within an interval of the start.
    const sampler = await waitForSamplerRound(api.pid, api.url, headers, SAMPLER_ROUND_MAX_S, startedAt + (INTERVAL_S + 2) * 1000);
    log.info(
      `  scale: storage sampler's first round ${sampler.unknown ?? (sampler.seconds === null ? `still running after ${SAMPLER_ROUND_MAX_S} s` : `done ${round(sampler.seconds, 1)} s after the first check round`)}`,
    );
    const windowFrom = Date.now();
    const cpu0 = await cpuMs(api.pid);
    await sleep(CHECKED_WITHIN_S * 1000);
    const cpu1 = await cpuMs(api.pid);
    const windowTo = Date.now();
    const samplerAfter = await samplerCounts(api.url, headers).catch(() => null);
    await sleep(FLUSH_WAIT_MS); // the history writes what it queued every 2 s
    const inWindow = probesPerService(historyFile, windowFrom, windowTo);
    const windowS = (windowTo - windowFrom) / 1000;
    const checkedParquet = parquetNames.filter((name) => (inWindow.get(name) ?? 0) > 0).length;
    const checkedHung = hungNames.filter((name) => (inWindow.get(name) ?? 0) > 0).length;
    const probes = [...inWindow.values()].reduce((sum, n) => sum + n, 0);
    figure(
      `parquet services checked within ${CHECKED_WITHIN_S} s at a ${INTERVAL_S} s interval`,
      (checkedParquet / PARQUET) * 100,
      '%',
      '100 %',
      (v) => v >= 100,
      `${checkedParquet} of ${PARQUET} in a ${round(windowS, 1)} s window${firstRoundS === null ? '; their first round had not ended' : ''}`,
    );
    figure(
      `hung s3 services checked within ${CHECKED_WITHIN_S} s`,
      (checkedHung / HUNG) * 100,
      '%',
      null,
      null,
      `${checkedHung} of ${HUNG}: a backend that stays down is checked every 2, 4 ... 8 intervals (back-off), 10 s timeout`,
    );
    const samplerInWindow = samplerAfter === null || sampler.unknown ? null : samplerAfter.refreshes - sampler.refreshesAtEnd;
    const cpuPerProbe = probes > 0 ? (cpu1 - cpu0) / probes : null;
    figure(
      "CPU per probe in the first 40 s after the sampler's first round",
      cpuPerProbe,
      'ms',
      null,
      null,
      probes > 0
        ? `${cpu1 - cpu0} ms of CPU for ${probes} probes in ${round(windowS, 1)} s without requests, start-up work still settling (JIT compiles, the first major GC)` +
            (samplerInWindow === null ? ' (the sampler refreshes in the window are unknown)' : `; ${samplerInWindow} sampler refreshes in the window`)
        : 'no probe ran in the window',
    );
    const steadyFrom = Date.now();
    const steadyCpu0 = await cpuMs(api.pid);
    await sleep(STEADY_WINDOW_S * 1000);
    const steadyCpu1 = await cpuMs(api.pid);
    const steadyTo = Date.now();
    await sleep(FLUSH_WAIT_MS);
    const steadyProbes = [...probesPerService(historyFile, steadyFrom, steadyTo).values()].reduce((sum, n) => sum + n, 0);
    figure(
      'CPU per probe, steady, all costs of the API process included',
      steadyProbes > 0 ? (steadyCpu1 - steadyCpu0) / steadyProbes : null,
      'ms',
      '< 1 ms',
      (v) => v < 1,
      steadyProbes > 0
        ? `${steadyCpu1 - steadyCpu0} ms of CPU for ${steadyProbes} probes in ${round((steadyTo - steadyFrom) / 1000, 1)} s (two whole intervals, opened ${round((steadyFrom - sampler.to) / 1000)} s after the sampler's first round) without requests`
        : 'no probe ran in the window',
    );
    const samplerProbes = [...probesPerService(historyFile, sampler.from, sampler.to).values()].reduce((sum, n) => sum + n, 0);
    figure(
      'storage sampler, CPU per background storage and quota refresh (its first round)',
      cpuPerProbe !== null && sampler.refreshes > 0 ? (sampler.cpuMs - samplerProbes * cpuPerProbe) / sampler.refreshes : null,
      'ms',
      null,
      null,
      sampler.unknown ??
        (sampler.refreshes > 0
          ? `${sampler.cpuMs} ms of CPU in ${round((sampler.to - sampler.from) / 1000, 1)} s for ${sampler.refreshes} refreshes (one a service, then every 15 min) and ${samplerProbes} probes, ` +
            `the probes' share (${samplerProbes} x the CPU per probe above) taken out${sampler.seconds === null ? `; the round had not ended after ${SAMPLER_ROUND_MAX_S} s` : ''}`
          : 'no refresh ran after the first check round (the sampler was done by then)'),
    );
    const memoryLarge = await memoryOf(api, `${total} services`);
    const perService = (field: (memory: MemoryAfterGc) => number | null): number | null => {
      const small = memorySmall ? field(memorySmall) : null;
      const large = memoryLarge ? field(memoryLarge) : null;
      return small !== null && large !== null ? (large - small) / (total - BASELINE) / 1024 : null;
    };
    const shown = (memory: MemoryAfterGc | null): string =>
      memory === null
        ? 'unknown'
        : `RSS ${shownMb(memory.rssBytes)}, heap used ${shownMb(memory.heapUsedBytes)}, external ${shownMb(memory.externalBytes)}`;
    const measured = `with ${BASELINE} services: ${shown(memorySmall)}; with ${total}: ${shown(memoryLarge)}; each right after a forced full GC (through the inspector), median of 3, before any load`;
    figure('RSS per service', perService((memory) => memory.rssBytes), 'KB', '< 50 KB', (v) => v < 50, memorySmall && memoryLarge ? measured : 'memory after a GC unknown (see the log)');
    figure(
      'JS heap used + external per service',
      perService((memory) => memory.heapUsedBytes + memory.externalBytes),
      'KB',
      null,
      null,
      memorySmall && memoryLarge ? 'live JavaScript objects and the buffers they hold (what the services keep), from the same measurements' : 'memory after a GC unknown (see the log)',
    );

    // 4. Load at 50 connections on the four reads, each beside the bare server.
    const large = await compare(api, `GET one status, ${total} services`, one);
    figure(`GET one status / bare, ${total} services`, ratio(large.api, large.bare), 'x', '>= 0.25x (aim 0.5x)', (v) => v >= 0.25, NO_RATE);
    cpuFigure(`GET one status, ${total} services`, large);
    const health = await compare(api, 'GET /api/system/health', '/api/system/health');
    figure('GET /api/system/health / bare', ratio(health.api, health.bare), 'x', '>= 0.25x (aim 0.5x)', (v) => v >= 0.25, NO_RATE);
    cpuFigure('GET /api/system/health', health);
    const list = await compare(api, 'GET /api/services/list', '/api/services/list');
    figure('GET /api/services/list / bare', ratio(list.api, list.bare), 'x', '>= 0.5x', (v) => v >= 0.5, NO_RATE);
    cpuFigure('GET /api/services/list', list);
    const all = await compare(api, 'GET /api/services/status', '/api/services/status');
    figure('GET /api/services/status / bare', ratio(all.api, all.bare), 'x', '>= 0.5x', (v) => v >= 0.5, NO_RATE);
    cpuFigure('GET /api/services/status', all);
    figure(`GET one status, ${total} / ${BASELINE} services`, ratio(large.api, small.api), 'x', '>= 0.9x', (v) => v >= 0.9, NO_RATE);

    // 5. The history: bytes per service per day from the bytes per row of each table.
    const history = measureHistorySize(join(home, 'monitoring', 'history.sqlite'));
    figure(
      'history per service per day at 30 s checks (extrapolated)',
      history.bytesPerServiceDay === null ? null : history.bytesPerServiceDay / 1024,
      'KB',
      '< 100 KB',
      (v) => v < 100,
      history.unknown ??
        `bytes per row of each table as stored (dbstat) x rows a day: checks 1,440 minute rows holding the raw samples packed (2 a row at 30 s; ` +
          `${history.packedPerMinuteRow === null ? 'none' : round(history.packedPerMinuteRow, 2)} a row in this run, the missing ones' 5 bytes added), 24 hour, 1 day (${round((history.probeBytesPerServiceDay ?? 0) / 1024, 1)} KB); ` +
          `storage changing at every read 48 raw, 24 hour, 1 day; status changes ASSUMED 24 a day (one an hour, a service flapping all day; the run measures their bytes per row, not their rate); ` +
          `${round((history.fullPagesBytesPerServiceDay ?? 0) / 1024, 1)} KB at full pages (the rows' own bytes: stable from run to run; as stored also counts the free space of part-filled pages, large in a short run where a table holds a few rows per service)`,
    );
    outcome.details = { services: total, firstRoundS, sampler, windowS, probes, steady: { from: steadyFrom, to: steadyTo, probes: steadyProbes, cpuMs: steadyCpu1 - steadyCpu0 }, history, memorySmall, memoryLarge };
  } catch (error) {
    // What was measured before stays in the results.
    const reason = error instanceof Error ? error.message : String(error);
    outcome.skipped.push({ section: 'scale', what: 'the rest of the section', reason: `failed: ${reason}` });
    log.warn(`  scale: stopped early: ${reason}`);
  } finally {
    await api?.stop();
    await silent.close();
  }
  return outcome;
}
