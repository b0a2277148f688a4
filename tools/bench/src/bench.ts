/**
 * `npm run bench`: measures the metadata store, two writer processes, backend probes
 * against real local servers and the API's request latency; prints a table and writes
 * tmp/bench/results-<timestamp>.json. Measured, never asserted. See --help.
 */
import { createProgressLog } from '@ipfs-kit/testbed';
import { BENCH_HELP, BenchUsageError, parseBenchArgs, type BenchOptions } from './lib/bench-options';

async function main(options: BenchOptions): Promise<number> {
  const log = createProgressLog('bench');
  // Loaded here: --help and usage errors answer without loading the libraries.
  const { runBench } = await import('./lib/bench-run');
  const { formatResults } = await import('./lib/results-table');
  const { writeResultsFile } = await import('./lib/results-file');
  const results = await runBench(options, log);
  const file = await writeResultsFile(options.outDir, results);
  process.stdout.write(`\n${formatResults(results)}\nresults: ${file}\n`);
  return results.measurements.some((m) => m.latency !== null) ? 0 : 1;
}

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(BENCH_HELP);
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping (servers are killed by PID on exit)\n`);
    process.exit(130);
  });
}
main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
