import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MetadataManager } from '@ipfs-kit/metadata';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type BenchMeasurement, type SectionOutcome } from '../lib/bench-results';
import { measureSequential } from '../lib/measure-loop';

/** Names written round-robin: each write replaces an existing file (the common case). */
const NAMES = 20;
const quiet = { warn: () => undefined, log: () => undefined };

/**
 * The metadata store in this process: service config writes (YAML, temp file + fsync +
 * rename, under a cross-process file lock) and reads, without secrets and with an
 * encrypted secret field, listing, and a read-modify-write state update.
 */
export async function runStoreBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const home = join(context.workDir, 'store');
  const store = await MetadataManager.open({ home, logger: quiet });
  const secret = randomBytes(24).toString('base64url');
  const { budget, log } = context;
  const add = (name: string, run: () => Promise<BenchMeasurement['latency']>, note: string): Promise<void> =>
    run().then((latency) => {
      outcome.measurements.push({ section: 'store', name, latency, note });
      log.info(`  store: ${name}: ${latency ? `${latency.opsPerS} ops/s, p50 ${latency.p50Ms} ms` : 'no sample'}`);
    });

  await add(
    'write service config, no secrets',
    () =>
      measureSequential(
        (i) =>
          store.setServiceConfig(
            `plain-${Math.abs(i) % NAMES}`,
            { path: '/data/datasets', recursive: true, check_interval_s: 30, run: i },
            { type: 'parquet' },
          ),
        budget.limits(1_000, 6_000, 20),
      ),
    `${NAMES} service files replaced round-robin; atomic write + file lock`,
  );
  await add(
    'write service config, 1 secret (encrypted)',
    () =>
      measureSequential(
        (i) =>
          store.setServiceConfig(
            `secret-${Math.abs(i) % NAMES}`,
            {
              bucket: 'bench',
              region: 'us-east-1',
              access_key_id: 'AKIABENCH',
              secret_access_key: `${secret}-${i}`,
              run: i,
            },
            { type: 's3' },
          ),
        budget.limits(1_000, 6_000, 20),
      ),
    's3 config; secret_access_key encrypted at rest',
  );
  await add(
    'read service config, no secrets',
    () =>
      measureSequential((i) => store.getServiceConfig(`plain-${Math.abs(i) % NAMES}`), budget.limits(3_000, 4_000, 20)),
    'parse + validate one YAML file',
  );
  await add(
    'read service config, 1 secret (decrypted)',
    () =>
      measureSequential(
        (i) => store.getServiceConfig(`secret-${Math.abs(i) % NAMES}`),
        budget.limits(3_000, 4_000, 20),
      ),
    'parse + decrypt',
  );
  await add(
    `list ${NAMES * 2} services`,
    () => measureSequential(() => store.listServices(), budget.limits(300, 3_000, 3)),
    'every file read and decrypted',
  );
  await add(
    'update service state (read-modify-write)',
    () =>
      measureSequential(
        () =>
          store.updateServiceState('counter', (old) => ({ count: Number(old?.['count'] ?? 0) + 1, status: 'running' })),
        budget.limits(1_000, 4_000, 10),
      ),
    'JSON state file under its lock',
  );
  const stats = await store.getStatistics();
  outcome.details = {
    home: 'a temp folder (removed)',
    services: stats.services,
    storeBytes: stats.total.bytes,
    storeFiles: stats.total.files,
  };
  return outcome;
}
