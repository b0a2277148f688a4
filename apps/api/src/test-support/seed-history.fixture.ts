/**
 * Writes a probe history, storage samples and status changes for services through the
 * API's own HistoryStore (whatever its storage is), before the API starts: the browser
 * tests and the screenshots use it to show a service with 30 days of history at every
 * range. Deterministic: the same plan writes the same samples.
 *
 *   node -r ts-node/register -r tsconfig-paths/register apps/api/src/test-support/seed-history.fixture.ts '<plan JSON>'
 *   (TS_NODE_PROJECT=apps/api/tsconfig.app.json, TS_NODE_TRANSPILE_ONLY=true)
 *
 * Plan: {"home": "...", "now": "<ISO>", "services": [{"name": "...", "days": 30, "outages": true, "quota_bytes": 200000}]}
 */
import { HistoryStore } from '../app/monitoring/history.store';
import { openHistoryStore, openQuietMetadataStore } from './history-store.fixture';

export interface HistorySeedPlan {
  home: string;
  /** The end of the history (default: now). */
  now?: string;
  services: Array<{ name: string; days: number; outages?: boolean; quota_bytes?: number }>;
}

const MINUTE = 60_000;
/** A sample every 5 minutes over the whole range, every 30 s over the last 2 hours (raw resolution). */
const OLD_EVERY_MS = 5 * MINUTE;
const RECENT_EVERY_MS = 30_000;
const RECENT_MS = 2 * 60 * MINUTE;
const HOUR = 60 * MINUTE;
/** Storage: a sample an hour, every 15 minutes over the last 2 hours (the API reads storage every 15 minutes). */
const STORAGE_RECENT_EVERY_MS = 15 * MINUTE;

type Seeded = HistorySeedPlan['services'][number];

/** Storage growing from a third to two thirds of the quota in steps, as a dataset that is appended to. */
function seedStorage(history: HistoryStore, service: Seeded, start: number, end: number): number {
  const quota = service.quota_bytes ?? 200_000;
  let written = 0;
  for (let t = start; t <= end; t += end - t <= RECENT_MS ? STORAGE_RECENT_EVERY_MS : HOUR) {
    const progress = (t - start) / Math.max(1, end - start);
    const used = Math.round((quota * (0.33 + 0.33 * progress + 0.03 * Math.sin(progress * 40))) / 1024) * 1024;
    history.append({ subject: service.name, series: 'storage' }, new Date(t), { used_bytes: used, quota_bytes: quota, free_bytes: quota - used });
    written += 1;
  }
  return written;
}

/**
 * The stored status changes that match the seeded outages (an hour every 3 days) plus,
 * for a service with outages, one short failure 20 minutes ago, so every range has some.
 */
function seedStatusChanges(history: HistoryStore, service: Seeded, start: number, end: number): void {
  if (service.outages !== true) return;
  const change = (t: number, down: boolean, reason: string) =>
    history.appendStatusChange(service.name, {
      t,
      from_status: down ? 'running' : 'error',
      from_health: down ? 'healthy' : 'unhealthy',
      to_status: down ? 'error' : 'running',
      to_health: down ? 'unhealthy' : 'healthy',
      code: down ? 'unreachable' : null,
      reason,
    });
  for (let hour = 40; start + (hour + 1) * HOUR <= end; hour += 72) {
    change(start + hour * HOUR, true, 'connection refused by the backend');
    change(start + (hour + 1) * HOUR, false, 'checks succeed again');
  }
  change(end - 20 * MINUTE, true, 'the probe took longer than its timeout');
  change(end - 18 * MINUTE, false, 'checks succeed again');
}

export async function seedProbeHistory(plan: HistorySeedPlan): Promise<number> {
  const history = await openHistoryStore(await openQuietMetadataStore(plan.home), plan.home);
  const end = plan.now ? Date.parse(plan.now) : Date.now();
  let written = 0;
  try {
    for (const [index, service] of plan.services.entries()) {
      const start = end - service.days * 24 * 60 * MINUTE;
      for (let t = start, i = 0; t <= end; t += end - t <= RECENT_MS ? RECENT_EVERY_MS : OLD_EVERY_MS, i += 1) {
        const hour = Math.floor((t - start) / (60 * MINUTE));
        // An outage of an hour every 3 days and a failed check now and then, when asked for.
        const down = service.outages === true && (hour % 72 === 40 || i % 97 === 13);
        const latency = 18 + index * 3 + 8 * Math.sin(i / 40) + ((i * 7919) % 13);
        history.append(
          { subject: service.name, series: 'probe' },
          new Date(t),
          { up: down ? 0 : 1, latency_ms: down ? null : Math.round(latency * 10) / 10 },
          down ? 'unreachable' : undefined,
        );
        written += 1;
        if (written % 5_000 === 0) history.flush();
      }
      written += seedStorage(history, service, start, end);
      seedStatusChanges(history, service, start, end);
    }
    history.flush();
  } finally {
    history.close();
  }
  return written;
}

if (require.main === module) {
  const plan = JSON.parse(process.argv[2] ?? '{}') as HistorySeedPlan;
  seedProbeHistory(plan).then(
    (count) => {
      process.stdout.write(`seeded ${count} probe and storage samples\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `seeding the history failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
