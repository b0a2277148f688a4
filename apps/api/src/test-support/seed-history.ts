/**
 * Writes a probe history for services through the API's own HistoryStore (whatever
 * its storage is), before the API starts: the browser tests and the screenshots use it
 * to show a service with 30 days of history. Deterministic: the same plan writes the
 * same samples.
 *
 *   node -r ts-node/register -r tsconfig-paths/register apps/api/src/test-support/seed-history.ts '<plan JSON>'
 *   (TS_NODE_PROJECT=apps/api/tsconfig.app.json, TS_NODE_TRANSPILE_ONLY=true)
 *
 * Plan: {"home": "...", "now": "<ISO>", "services": [{"name": "...", "days": 30}]}
 */
import { MetadataManager } from '@ipfs-kit/metadata';
import { HistoryStore } from '../app/monitoring/history.store';
import { loadApiSettings } from '../app/settings/api-settings';

export interface HistorySeedPlan {
  home: string;
  /** The end of the history (default: now). */
  now?: string;
  services: Array<{ name: string; days: number; outages?: boolean }>;
}

const MINUTE = 60_000;
/** A sample every 5 minutes over the whole range, every 30 s over the last 2 hours (raw resolution). */
const OLD_EVERY_MS = 5 * MINUTE;
const RECENT_EVERY_MS = 30_000;
const RECENT_MS = 2 * 60 * MINUTE;

export async function seedProbeHistory(plan: HistorySeedPlan): Promise<number> {
  const store = await MetadataManager.open({
    home: plan.home,
    logger: { log: () => undefined, warn: () => undefined },
  });
  const history = new HistoryStore(store, loadApiSettings({ IPFS_KIT_HOME: plan.home }, []));
  await history.open();
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
      process.stdout.write(`seeded ${count} probe samples\n`);
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
