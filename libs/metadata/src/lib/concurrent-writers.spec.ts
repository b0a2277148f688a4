import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { parseYaml } from './safe-yaml';
import { filesUnder, recordingLogger } from '@ipfs-kit/testbed';
import { filesContaining } from '../test-support/disk-files';
import { storeWorkersForSpec } from '../test-support/store-workers.fixture';

jest.setTimeout(90_000);

describe('two OS processes writing one store', () => {
  const workers = storeWorkersForSpec();

  it('two processes writing the same folder concurrently lose and tear nothing', async () => {
    const home = workers.home('concurrent');
    const secret = `conc-secret-${randomBytes(6).toString('hex')}`;
    const count = 100;
    const writers = ['p1', 'p2'].map((id) => workers.start({ kind: 'concurrent', home, id, count, secret }));
    const results = await Promise.all(writers.map((w) => w.exited));
    for (const [index, result] of results.entries()) {
      expect({ result, stderr: writers[index].stderr.join('') }).toEqual({
        result: { code: 0, signal: null },
        stderr: '',
      });
      expect(writers[index].lines).toEqual(['ready', 'done']);
    }

    const store = await MetadataManager.open({ home, logger: recordingLogger() });
    // The read-modify-write counter saw every increment of both processes.
    expect((await store.getServiceState('counter'))?.['count']).toBe(2 * count);
    // Each process's own services hold their last value.
    for (const id of ['p1', 'p2']) {
      for (let k = 0; k < 10; k += 1) {
        const last = count - 10 + k;
        const record = await store.getServiceConfig(`${id}-${k}`);
        expect(record?.config).toEqual({ token: `${secret}-${last}`, i: last });
      }
      expect((await store.getMonitoringData(id))?.data).toEqual({ i: count - 1, note: `value ${count - 1}` });
    }
    // The shared service holds one complete write of one of them.
    const shared = await store.getServiceConfig('shared');
    expect(shared?.type).toBe('s3');
    expect(shared?.config['secret_access_key']).toBe(secret);
    expect(shared?.config['bucket']).toBe(`b-${String(shared?.config['writer'])}-${count - 1}`);
    // Every appended line is there exactly once and intact.
    const lines = await store.readLines('monitoring/history/events.jsonl');
    expect(lines).toHaveLength(2 * count);
    const seen = new Set(lines.map((line) => JSON.stringify(JSON.parse(line))));
    expect(seen.size).toBe(2 * count);
    // Every file parses; no temp or lock files remain; one key was created; no secret in clear.
    for (const file of await filesUnder(home)) {
      const name = file.slice(home.length + 1);
      expect(name).not.toMatch(/\.lock$|\.tmp-|\.corrupt-/);
      const text = await readFile(file, 'utf8');
      if (name.endsWith('.yaml')) expect(() => parseYaml(text)).not.toThrow();
      if (name.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(await readdir(join(home, 'config'))).toEqual(['secret.key']);
    expect(await filesContaining(home, secret)).toEqual([]);
  });

  it('processes starting at once on a fresh store create one file and all read the same value', async () => {
    const home = workers.home('create-once');
    const ids = ['a', 'b', 'c', 'd'];
    const writers = ids.map((id) => workers.start({ kind: 'create-once', home, id }));
    const results = await Promise.all(writers.map((w) => w.exited));
    expect(results).toEqual(ids.map(() => ({ code: 0, signal: null })));
    const outcomes = writers.map((w) => JSON.parse(w.lines[0] ?? 'null') as { text: string; created: boolean });
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    const winner = outcomes.find((o) => o.created)?.text;
    expect(winner).toMatch(/^token-of-[a-d]\n$/);
    expect(outcomes.map((o) => o.text)).toEqual(ids.map(() => winner));
    expect(await readFile(join(home, 'config', 'api-token'), 'utf8')).toBe(winner);
  });
});
