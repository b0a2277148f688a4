import { formatBytes, textTable } from '@ipfs-kit/testbed';
import type { BenchResults } from './bench-results';

const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

function formatFigure(value: number): string {
  const abs = Math.abs(value);
  if (value === 0) return '0';
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(abs >= 1 ? 2 : 3);
}

/** The table printed at the end of a run: one row per measurement, then memory, skips and the load. */
export function formatResults(results: BenchResults): string {
  const rows = results.measurements.map((m) =>
    m.latency
      ? [
          m.section,
          m.name,
          String(m.latency.count),
          String(m.latency.opsPerS),
          ms(m.latency.p50Ms),
          ms(m.latency.p95Ms),
          ms(m.latency.p99Ms),
          ms(m.latency.maxMs),
          m.note ?? '',
        ]
      : [m.section, m.name, '0', '-', '-', '-', '-', '-', `not measured: ${m.unknown ?? 'unknown reason'}`],
  );
  const lines = [
    textTable(['section', 'measurement', 'n', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'note'], rows),
  ];
  if (results.figures.length > 0) {
    const figureRows = results.figures.map((f) => [
      f.section,
      f.name,
      f.value === null ? '-' : `${formatFigure(f.value)} ${f.unit}`.trim(),
      f.goal ?? '',
      f.met === null ? '' : f.met ? 'yes' : 'NO',
      f.value === null ? `not measured: ${f.note ?? 'unknown reason'}` : (f.note ?? ''),
    ]);
    lines.push('', textTable(['section', 'figure', 'value', 'goal', 'met', 'note'], figureRows));
  }
  const { memory } = results;
  lines.push(
    '',
    `memory of the bench process: RSS ${formatBytes(memory.benchBefore.rssBytes)} -> ${formatBytes(memory.benchAfter.rssBytes)} ` +
      `(peak seen ${formatBytes(memory.benchPeakRssBytes)}), heap used ${formatBytes(memory.benchBefore.heapUsedBytes)} -> ${formatBytes(memory.benchAfter.heapUsedBytes)}`,
  );
  if (memory.api) {
    const { beforeRequests: before, afterRequests: after } = memory.api;
    lines.push(
      `memory of the API process: RSS ${formatBytes(before.rssBytes)} before the requests -> ${formatBytes(after.rssBytes)} after (peak ${formatBytes(after.peakRssBytes)})`,
    );
  }
  for (const skip of results.skipped) lines.push(`skipped ${skip.section}/${skip.what}: ${skip.reason}`);
  const machine = results.machineAtStart;
  lines.push(
    `machine: ${machine.cpus} x ${machine.cpuModel ?? 'unknown CPU'}, ${formatBytes(machine.totalMemoryBytes)} memory, Node ${machine.node}; ` +
      `load average ${machine.loadAverage.join(' ')} at start, ${results.loadAverageAtEnd.join(' ')} at end; run took ${results.durationS} s` +
      (results.buildS === null ? '' : ` (the API build ${results.buildS} s of it)`),
  );
  return lines.join('\n');
}
