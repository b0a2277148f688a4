import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { parseYaml } from './safe-yaml';
import { filesUnder, recordingLogger } from '@ipfs-kit/testbed';
import { filesContaining } from '../test-support/disk-files';
import { killWritersAtRandom, storeWorkersForSpec } from '../test-support/store-workers.fixture';

jest.setTimeout(90_000);

describe('a writer process killed at random moments', () => {
  const workers = storeWorkersForSpec();

  it('a writer SIGKILLed at random moments leaves every file old or new, never torn', async () => {
    const home = workers.home('crash');
    const secret = `crash-secret-${randomBytes(6).toString('hex')}`;
    const files = [
      'services/victim.yaml',
      'state/victim.json',
      'monitoring/victim.json',
      'monitoring/history/victim.json',
      'config/global.yaml',
    ];
    const seqOf = async (file: string): Promise<number | null> => {
      let text: string;
      try {
        text = await readFile(join(home, file), 'utf8');
      } catch {
        return null;
      }
      const parsed = (file.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text)) as Record<
        string,
        Record<string, unknown>
      >;
      const holder = file.startsWith('services/')
        ? parsed['config']
        : file.startsWith('monitoring/victim')
          ? parsed['data']
          : parsed;
      return Number(holder['seq']);
    };

    const current = new Map<string, number | null>(files.map((file) => [file, null]));
    const kills = await killWritersAtRandom(workers, {
      job: { kind: 'crash', home, secret },
      runs: 30,
      ahead: 3,
      // Mostly after a first complete round (so there is an old value to keep),
      // every fifth run anywhere from the start; then at a random moment.
      waitForAck: (run) => run % 5 !== 4,
      maxDelayMs: 120,
      afterKill: async (acks, inProgress) => {
        const lastAck = acks.at(-1) ?? null;
        for (const file of files) {
          const old = lastAck ?? current.get(file) ?? null;
          const seq = await seqOf(file); // throws if torn
          expect([old, inProgress]).toContain(seq);
          current.set(file, seq);
        }
      },
    });
    expect(kills).toBe(30);

    // A new process cleans up after the dead ones and finds every file intact.
    const store = await MetadataManager.open({ home, logger: recordingLogger() });
    const leftovers = (await filesUnder(home)).filter((file) => /\.tmp-/.test(file));
    expect(leftovers).toEqual([]);
    const victim = await store.getServiceConfig('victim');
    expect(victim?.config['seq']).toBe(current.get('services/victim.yaml'));
    expect(victim).not.toBeNull();
    if (victim) expect(victim.config['token']).toBe(`${secret}-${String(victim.config['seq'])}`);
    // Locks left by killed writers do not block: their owners are gone.
    await store.setServiceConfig('victim', { seq: -1 }, { type: 'github' });
    await store.setServiceState('victim', { seq: -1 });
    expect((await store.getServiceState('victim'))?.['seq']).toBe(-1);
    expect(await filesContaining(home, secret)).toEqual([]);
  });
});
