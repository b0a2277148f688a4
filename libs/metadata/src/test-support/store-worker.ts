/**
 * Child process for the multi-process tests (compiled by
 * compile-for-workers.ts). argv[2] is a JSON job; progress goes to stdout,
 * one line per event, so the parent knows what was acknowledged.
 */
import { MetadataManager } from '../lib/metadata-manager';

interface ConcurrentJob {
  kind: 'concurrent';
  home: string;
  id: string;
  count: number;
  secret: string;
}

/** Opens the store, prints 'ready', then writes rounds from the seq read on stdin ('go <seq>'). */
interface CrashJob {
  kind: 'crash';
  home: string;
  secret: string;
}

/** Opens the store and reads or creates one file, printing the outcome as JSON. */
interface CreateOnceJob {
  kind: 'create-once';
  home: string;
  id: string;
}

/**
 * Like CrashJob, for batches: op `seq` is a durable status change of svc-0 when
 * seq % 4 === 0, else one batch of the state and snapshot of svc-0 .. svc-9 holding
 * the current status (results that change nothing); 'ack <seq>' after each.
 */
interface BatchCrashJob {
  kind: 'batch-crash';
  home: string;
}

/**
 * Like CrashJob, for durable state updates asked for at once: op `seq` updates the
 * states of svc-00 .. svc-49 together (committed in groups) to hold `seq`; 'ack <seq>'
 * once every one of them is acknowledged.
 */
interface GroupCrashJob {
  kind: 'group-crash';
  home: string;
}

type Job = ConcurrentJob | CrashJob | CreateOnceJob | BatchCrashJob | GroupCrashJob;

const quietLogger = { warn: (message: string) => process.stderr.write(`${message}\n`), log: () => undefined };

async function runConcurrent(job: ConcurrentJob): Promise<void> {
  const store = await MetadataManager.open({ home: job.home, logger: quietLogger });
  process.stdout.write('ready\n');
  for (let i = 0; i < job.count; i += 1) {
    await store.setServiceConfig(
      'shared',
      { bucket: `b-${job.id}-${i}`, secret_access_key: job.secret, writer: job.id, i },
      { type: 's3' },
    );
    await store.setServiceConfig(`${job.id}-${i % 10}`, { token: `${job.secret}-${i}`, i }, { type: 'github' });
    await store.updateServiceState('counter', (old) => ({ count: Number(old?.['count'] ?? 0) + 1 }));
    await store.appendLine('monitoring/history/events.jsonl', JSON.stringify({ id: job.id, i }));
    await store.setMonitoringData(job.id, { i, note: `value ${i}` });
  }
  process.stdout.write('done\n');
}

/** The seq the parent sends on stdin ('go <seq>'). */
function startSeqFromStdin(): Promise<number> {
  return new Promise<number>((resolve) => {
    let input = '';
    process.stdin.on('data', (chunk: Buffer) => {
      input += chunk.toString();
      const match = /^go (\d+)\n/.exec(input);
      if (match) resolve(Number(match[1]));
    });
  });
}

async function runCrash(job: CrashJob): Promise<void> {
  const store = await MetadataManager.open({ home: job.home, logger: quietLogger });
  process.stdout.write('ready\n');
  const startSeq = await startSeqFromStdin();
  for (let seq = startSeq; ; seq += 1) {
    const pad = 'x'.repeat((seq * 7919) % 20_000);
    await store.setServiceConfig('victim', { seq, token: `${job.secret}-${seq}`, pad }, { type: 'github' });
    await store.setServiceState('victim', { seq, pad });
    await store.setMonitoringData('victim', { seq });
    await store.writeJson('monitoring/history/victim.json', { seq, pad });
    await store.setGlobalConfig({ seq });
    process.stdout.write(`ack ${seq}\n`);
  }
}

async function runBatchCrash(job: BatchCrashJob): Promise<void> {
  const store = await MetadataManager.open({ home: job.home, logger: quietLogger });
  process.stdout.write('ready\n');
  const startSeq = await startSeqFromStdin();
  for (let seq = startSeq; ; seq += 1) {
    const status = `s${seq - (seq % 4)}`;
    if (seq % 4 === 0) {
      await store.updateServiceState('svc-0', (current) => ({ ...current, status, seq }));
    } else {
      const pad = 'x'.repeat((seq * 7919) % 5_000);
      const names = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
      await store.writeServiceDataBatch(
        names.flatMap((name) => [
          { folder: 'state' as const, name, value: { status: name === 'svc-0' ? status : 'running', seq, pad } },
          { folder: 'monitoring' as const, name, value: { seq, pad } },
        ]),
      );
    }
    process.stdout.write(`ack ${seq}\n`);
  }
}

async function runGroupCrash(job: GroupCrashJob): Promise<void> {
  const store = await MetadataManager.open({ home: job.home, logger: quietLogger });
  process.stdout.write('ready\n');
  const startSeq = await startSeqFromStdin();
  const names = Array.from({ length: 50 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  for (let seq = startSeq; ; seq += 1) {
    const pad = 'x'.repeat((seq * 7919) % 5_000);
    await Promise.all(names.map((name) => store.updateServiceState(name, (current) => ({ ...current, status: `s${seq}`, seq, pad }))));
    process.stdout.write(`ack ${seq}\n`);
  }
}

async function runCreateOnce(job: CreateOnceJob): Promise<void> {
  const store = await MetadataManager.open({ home: job.home, logger: quietLogger });
  const outcome = await store.readOrCreateText(
    'config/api-token',
    (text) => text.trim().length > 0,
    () => `token-of-${job.id}\n`,
  );
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  if (job.kind === 'concurrent') await runConcurrent(job);
  else if (job.kind === 'crash') await runCrash(job);
  else if (job.kind === 'create-once') await runCreateOnce(job);
  else if (job.kind === 'batch-crash') await runBatchCrash(job);
  else if (job.kind === 'group-crash') await runGroupCrash(job);
  else throw new Error('unknown job');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
