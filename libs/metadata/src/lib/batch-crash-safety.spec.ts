import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { filesUnder, recordingLogger } from '@ipfs-kit/testbed';
import { killWritersAtRandom, storeWorkersForSpec } from '../test-support/store-workers.fixture';

jest.setTimeout(90_000);

const SERVICES = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
const isDurable = (seq: number): boolean => seq % 4 === 0;

describe('a process writing batches, killed at random moments', () => {
  const workers = storeWorkersForSpec();

  it('leaves every file old or new, never torn, and never loses an acknowledged status change', async () => {
    const home = workers.home('batch-crash');
    const files = SERVICES.flatMap((name) => [`state/${name}.json`, `monitoring/${name}.json`]);
    const read = async (file: string): Promise<{ seq: number; status: string | null } | null> => {
      let text: string;
      try {
        text = await readFile(join(home, file), 'utf8');
      } catch {
        return null;
      }
      const parsed = JSON.parse(text) as Record<string, unknown>; // throws if torn
      const holder = (file.startsWith('monitoring/') ? parsed['data'] : parsed) as Record<string, unknown>;
      return { seq: Number(holder['seq']), status: typeof parsed['status'] === 'string' ? parsed['status'] : null };
    };

    /** Per file: the seq of the last acknowledged op that wrote it. */
    const lastWritten = new Map<string, number | null>(files.map((file) => [file, null]));
    let lastDurable: number | null = null;
    const afterKill = async (acks: number[], inProgress: number): Promise<void> => {
      for (const seq of acks) {
        if (isDurable(seq)) {
          lastDurable = seq;
          lastWritten.set('state/svc-0.json', seq);
        } else {
          for (const file of files) lastWritten.set(file, seq);
        }
      }
      for (const file of files) {
        const found = await read(file);
        const old = lastWritten.get(file) ?? null;
        // Old (the last acknowledged write of this file) or the write in progress.
        if (found === null) expect(old).toBeNull();
        else expect([old, inProgress]).toContain(found.seq);
        if (file === 'state/svc-0.json' && lastDurable !== null) {
          // Batches carry the status they found: an acknowledged change is never undone.
          expect(Number(found?.status?.slice(1))).toBeGreaterThanOrEqual(lastDurable);
        }
        if (found) lastWritten.set(file, found.seq);
      }
    };
    const kills = await killWritersAtRandom(workers, {
      job: { kind: 'batch-crash', home },
      runs: 20,
      ahead: 2,
      waitForAck: (run) => run % 4 !== 3,
      maxDelayMs: 80,
      afterKill,
    });
    expect(kills).toBe(20);

    // A new process cleans up after the dead ones; their lock does not block it.
    const store = await MetadataManager.open({ home, logger: recordingLogger() });
    expect((await filesUnder(home)).filter((file) => /\.tmp-/.test(file))).toEqual([]);
    const [outcome] = await store.writeServiceDataBatch([{ folder: 'state', name: 'svc-1', value: { seq: -1 } }]);
    expect(outcome.status).toBe('written');
    expect((await store.getServiceState('svc-1'))?.['seq']).toBe(-1);
  });
});
