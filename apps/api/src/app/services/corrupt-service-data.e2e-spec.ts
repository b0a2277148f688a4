import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpRequest, startBuiltApiInTempStore, waitFor, type ApiResponse, type RunningApi } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(300_000);

/** Long enough that the problem is seen between two checks on a loaded machine. */
const CHECK_INTERVAL_S = 8;

/**
 * A state or snapshot file of a running service replaced by something that does not
 * parse (the built API, a real parquet service checked by its scheduler): the file is
 * logged and moved aside, the service names the problem until its next check writes a
 * fresh file, and the desired state known before is kept.
 */
describe('A corrupt state or snapshot file of a running service (e2e, the built API)', () => {
  let api: RunningApi;
  let parquet: DatasetFolder;
  const call = (method: string, path: string): Promise<ApiResponse> => httpRequest(api.url, api.token, method, path);
  const status = async (): Promise<Record<string, unknown>> => (await call('GET', '/api/services/events/status')).body;
  const copies = async (folder: string): Promise<string[]> => (await readdir(join(api.home, folder))).filter((file) => file.startsWith('events.json.corrupt-'));
  const logged = (...parts: string[]): boolean => api.output().split('\n').some((line) => parts.every((part) => line.includes(part)));

  /** Waits for the next check to end, so that the next one is a whole interval away. */
  const justChecked = async (): Promise<void> => {
    const before = (await status())['last_check'];
    await waitFor('a check', async () => (await status())['last_check'] !== before, (CHECK_INTERVAL_S + 30) * 1000, 50);
  };

  const runningAgain = (): Promise<Record<string, unknown>> =>
    waitFor('a fresh state from the next check', async () => {
      const answer = await status();
      return answer['status'] === 'running' && answer['health'] === 'healthy' ? answer : null;
    }, (CHECK_INTERVAL_S + 30) * 1000, 100);

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startBuiltApiInTempStore({ IPFS_KIT_CHECK_INTERVAL_S: String(CHECK_INTERVAL_S) });
    const added = await httpRequest(api.url, api.token, 'POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path }, start: true } });
    expect(added.status).toBe(201);
    await runningAgain();
  });

  afterAll(async () => {
    await api?.stop();
    await parquet?.remove();
  });

  for (const [what, text] of [['invalid JSON', '{ not json'], ['an empty file', '']] as const) {
    it(`state/<name>.json holding ${what}: named by the status, logged, moved aside; the next check writes a fresh state, still started`, async () => {
      const file = join(api.home, 'state', 'events.json');
      const before = (await copies('state')).length;
      await justChecked();
      await writeFile(file, text);

      // As for a file that cannot be read: the service's own status is a JSON error naming the
      // store-relative file (and its copy), the status of all names it with status `error`.
      const problem = await waitFor('the status naming the problem', async () => {
        const answer = await call('GET', '/api/services/events/status');
        return answer.status === 500 ? answer.body : null;
      }, 10_000, 50);
      expect(problem['message']).toMatch(/^Corrupt metadata file state\/events\.json: .*; moved aside to state\/events\.json\.corrupt-/);
      const all = (await call('GET', '/api/services/status')).body['events'];
      expect(all).toMatchObject({ name: 'events', status: 'error' });
      expect(JSON.stringify(all)).toContain('state/events.json');
      await waitFor('the log line naming the file', async () => logged('Corrupt metadata file', file), 10_000, 50);
      expect(await copies('state')).toHaveLength(before + 1);

      const healed = await runningAgain();
      expect(healed['desired_state']).toBe('started');
      const stored = JSON.parse(await readFile(file, 'utf8'));
      expect(stored).toMatchObject({ desired_state: 'started' });
      expect((await call('GET', '/api/system/health')).body['status']).toBe('healthy');
    });
  }

  it('monitoring/<name>.json holding invalid JSON: a problem of the service until the next probe writes a fresh snapshot', async () => {
    const file = join(api.home, 'monitoring', 'events.json');
    await justChecked();
    await writeFile(file, '{ not json');

    await waitFor('the health naming a problem', async () => (await call('GET', '/api/system/health')).body['status'] === 'degraded', 10_000, 50);
    await waitFor('the log line naming the file', async () => logged('Corrupt metadata file', file), 10_000, 50);
    expect(await copies('monitoring')).toHaveLength(1);

    await waitFor('a fresh snapshot from the next probe', async () => {
      const stored = await readFile(file, 'utf8').catch(() => null);
      return stored !== null && (await call('GET', '/api/system/health')).body['status'] === 'healthy';
    }, (CHECK_INTERVAL_S + 30) * 1000, 100);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ service: 'events' });
    expect((await status())['desired_state']).toBe('started');
  });
});
