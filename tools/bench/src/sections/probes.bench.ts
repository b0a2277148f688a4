import { join } from 'node:path';
import type { BackendContext } from '@ipfs-kit/backends';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type SectionOutcome } from '../lib/bench-results';
import { measureSequential } from '../lib/measure-loop';
import { PROBE_TARGETS, type ProbeSubject, type ProbeTarget } from './probe-targets';

const CALL = { timeoutMs: 10_000 };
/** Kept for the API section when it runs after this one. */
const API_RESERVE_MS = 40_000;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Probe latency of each local backend driver against its real server: all servers start
 * side by side (their start times recorded), then each is probed alone, one probe after
 * the other, followed by three storage() calls (the expensive read the API caches).
 */
export async function runProbesBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { budget, log, options } = context;
  const reserve = options.sections.has('api') ? API_RESERVE_MS : 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const warnings: string[] = [];
  const driverContext = (type: string): BackendContext => ({
    serviceName: `bench-${type}`,
    home: join(context.workDir, 'probe-home'),
    logger: { log: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  });

  const wanted: ProbeTarget[] = [];
  for (const target of PROBE_TARGETS) {
    if (target.needsRoot && !isRoot) {
      outcome.skipped.push({
        section: 'probes',
        what: target.type,
        reason: 'its server (vsftpd/sshd) needs root: run the bench as root to include it',
      });
    } else {
      wanted.push(target);
    }
  }
  const readyTimeoutMs = Math.max(10_000, Math.min(120_000, budget.remainingMs() - reserve - 20_000));
  log.info(
    `  probes: starting ${wanted.map((target) => target.type).join(', ')} (each must be ready within ${Math.round(readyTimeoutMs / 1000)} s)`,
  );
  const startTimes: Record<string, number> = {};
  const started = await Promise.allSettled(
    wanted.map(async (target) => {
      const before = performance.now();
      const subject = await target.start(
        join(context.workDir, 'probe-data'),
        driverContext(target.type),
        readyTimeoutMs,
      );
      startTimes[target.type] = Math.round(performance.now() - before);
      log.info(
        `  probes: ${target.type} ready in ${(startTimes[target.type] / 1000).toFixed(1)} s (${subject.server})`,
      );
      return subject;
    }),
  );

  const subjects: Array<{ target: ProbeTarget; subject: ProbeSubject }> = [];
  started.forEach((result, index) => {
    if (result.status === 'fulfilled') subjects.push({ target: wanted[index], subject: result.value });
    else
      outcome.skipped.push({
        section: 'probes',
        what: wanted[index].type,
        reason: `its server did not start: ${errorText(result.reason)}`,
      });
  });

  try {
    for (const { target, subject } of subjects) {
      const startNote = `server ready in ${(startTimes[target.type] / 1000).toFixed(1)} s`;
      try {
        await subject.connection.start(CALL);
        const probe = await measureSequential(
          () => subject.connection.probe(CALL),
          budget.limits(300, 4_000, 3, reserve),
        );
        outcome.measurements.push({
          section: 'probes',
          name: `${target.type}: probe()`,
          latency: probe,
          note: `${subject.server}; ${startNote}`,
        });
        const storage = await measureSequential(
          () => subject.connection.storage(CALL),
          budget.limits(15, 2_000, 0, reserve),
        );
        outcome.measurements.push({
          section: 'probes',
          name: `${target.type}: storage()`,
          latency: storage,
          note: 'bounded walk / server stats, uncached',
        });
        log.info(
          `  probes: ${target.type}: probe p50 ${probe?.p50Ms ?? '?'} ms, p95 ${probe?.p95Ms ?? '?'} ms; storage p50 ${storage?.p50Ms ?? '?'} ms`,
        );
      } catch (error) {
        outcome.measurements.push({
          section: 'probes',
          name: `${target.type}: probe()`,
          latency: null,
          unknown: `a call failed: ${errorText(error)}`,
        });
      }
    }
  } finally {
    await Promise.all(subjects.map(({ subject }) => subject.stop().catch(() => undefined)));
  }
  outcome.details = { serverStartMs: startTimes, driverWarnings: warnings.slice(0, 20) };
  return outcome;
}
