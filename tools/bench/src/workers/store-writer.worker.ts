/**
 * Child process of the concurrent-writers measurement (started through tools/scripts/run-tool.cjs).
 * argv[2] is a JSON job. Prints `ready` once the store is open, waits for `go` on stdin,
 * writes service configs (each with an encrypted secret) alternating between one service
 * that every writer shares and its own ten, and prints `result <json>` with the latency
 * of each write in milliseconds.
 */
import { MetadataManager } from '@ipfs-kit/metadata';

export interface StoreWriterJob {
  home: string;
  id: string;
  maxCount: number;
  maxMs: number;
  secret: string;
}

export interface StoreWriterResult {
  id: string;
  samples: number[];
  wallMs: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as StoreWriterJob;
  const store = await MetadataManager.open({
    home: job.home,
    logger: { warn: (m) => process.stderr.write(`${m}\n`), log: () => undefined },
  });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.on('data', (chunk: Buffer) => {
      input += chunk.toString();
      if (input.includes('go\n')) resolve();
    });
  });
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < job.maxCount && performance.now() - started < job.maxMs; i += 1) {
    const name = i % 2 === 0 ? 'shared' : `${job.id}-${Math.floor(i / 2) % 10}`;
    const before = performance.now();
    await store.setServiceConfig(
      name,
      { bucket: `b-${job.id}-${i}`, secret_access_key: `${job.secret}-${i}`, writer: job.id, i },
      { type: 's3' },
    );
    samples.push(performance.now() - before);
  }
  const result: StoreWriterResult = { id: job.id, samples, wallMs: performance.now() - started };
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `store writer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
