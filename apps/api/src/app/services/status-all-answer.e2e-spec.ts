import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { ServiceChecker } from './service-checker.service';
import { ServiceReads } from './service-reads.service';
import { ServiceStateStore } from './service-state.store';
import { ServiceStateTransitions } from './service-state-transitions.service';
import { StatusAllAnswer } from './status-all-answer';

jest.setTimeout(120_000);

type Statuses = Record<string, { age_s: number | null; stale: boolean; checking: boolean; status: string; config: Record<string, unknown>; dependencies: Array<{ status: string }>; maintenance: unknown; error: unknown }>;

/**
 * The kept answer of every status (status-all-answer.ts) against a build from scratch
 * (JSON.stringify of ServiceReads.allStatuses(false)), byte for byte, at the same moment,
 * through adds, config changes, state changes written now and in memory (batched),
 * checks running, time passing, dependencies, a maintenance window, an unreadable state
 * file and removals; and GET /api/services/status (the read fast path) answers it.
 */
describe('The kept answer of every status (e2e, in process)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let kept: StatusAllAnswer;
  let reads: ServiceReads;
  let now = Date.now();

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    kept = api.app.get(StatusAllAnswer);
    reads = api.app.get(ServiceReads);
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
  });

  /** Both answers at the same frozen moment (Date only; timers run); they must be the same bytes. */
  const answers = async (): Promise<Statuses> => {
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      const fromKept = kept.json().toString('utf8');
      const fresh = JSON.stringify(await reads.allStatuses(false));
      // Parsed first (a readable difference), then the bytes.
      expect(JSON.parse(fromKept)).toEqual(JSON.parse(fresh));
      expect(fromKept).toBe(fresh);
      return JSON.parse(fromKept) as Statuses;
    } finally {
      jest.useRealTimers();
    }
  };
  const add = async (name: string, config: Record<string, unknown> = { path: parquet.path }, type = 'parquet'): Promise<void> => {
    const added = await api.request('POST', '/api/services/add', { body: { name, type, config } });
    expect({ name, status: added.status }).toEqual({ name, status: 201 });
  };

  it('is the same bytes as a build from scratch through every kind of change', async () => {
    expect(await answers()).toEqual({});
    await add('events');
    await add('archive', { bucket: 'kept', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', force_path_style: true, access_key_id: 'kept-key', secret_access_key: 'kept-secret-never-shown' }, 's3');
    // Names that are array indexes come first in an object's keys, in numeric order.
    for (const name of ['10', '2', '007', 'a-10']) await add(name);
    let all = await answers();
    expect(Object.keys(all)).toEqual(['2', '10', '007', 'a-10', 'archive', 'events']);
    expect(JSON.stringify(all)).not.toContain('kept-secret-never-shown');

    // A config change, and the same answer again with nothing changed.
    expect((await api.request('PATCH', '/api/services/events/config', { body: { max_files: 7 } })).status).toBe(200);
    all = await answers();
    expect(all['events'].config).toEqual({ path: parquet.path, max_files: 7 });
    await answers();

    // Time passing: the age moves, nothing else; past its freshness a stopped service stays fresh.
    for (const step of [40, 60, 1_000, 31_000]) {
      now += step;
      all = await answers();
    }
    expect(all['events'].stale).toBe(false);

    // A start (a state written now, and a check): wanted started, fresh for 30 s, then stale.
    expect((await api.request('POST', '/api/services/events/start')).status).toBe(200);
    now = Date.now();
    all = await answers();
    expect(all['events'].stale).toBe(false);
    now += 30_500;
    all = await answers();
    // Stale: the read starts a check, and both answers show it running.
    expect(all['events']).toMatchObject({ stale: true, checking: true });
    await waitFor('the check started by the read', async () => !api.app.get(ServiceChecker).isChecking('events'), 20_000, 20);
    now = Date.now();
    all = await answers();
    expect(all['events']).toMatchObject({ stale: false, checking: false });

    // A dependency: its status is in the dependent's answer, and changes with it.
    await add('dependent', { path: parquet.path, depends_on: ['events'] });
    const states = api.app.get(ServiceStateStore);
    const transitions = api.app.get(ServiceStateTransitions);
    await transitions.apply('events', (current) => ({ ...current, status: 'error', health: 'unhealthy' }));
    all = await answers();
    expect(all['dependent'].dependencies).toEqual([expect.objectContaining({ name: 'events', status: 'error' })]);
    // A state kept in memory until the next batch write (no file changed yet).
    states.updateLater('events', (current) => ({ ...current, check_count: current.check_count + 5, latency_ms: 12.5 }));
    all = await answers();
    expect(all['events']).toMatchObject({ check_count: expect.any(Number), latency_ms: 12.5 });
    await states.flush();
    await answers();

    // A maintenance window covering one service (and none once removed).
    const window = { name: 'kept-window', kind: 'once', services: ['archive'], starts_at: new Date(Date.now() - 60_000).toISOString(), ends_at: new Date(Date.now() + 3_600_000).toISOString(), comment: 'kept' };
    expect((await api.request('POST', '/api/alerts/maintenance', { body: window })).status).toBe(201);
    all = await answers();
    expect(all['archive'].maintenance).toMatchObject({ window: 'kept-window', reason: 'kept' });
    expect((await api.request('DELETE', '/api/alerts/maintenance/kept-window')).status).toBe(204);
    all = await answers();
    expect(all['archive'].maintenance).toBeNull();

    // An unreadable state file (a symlink): the service answers status error with the problem, then recovers.
    // Written by hand: the catalog sees it through its watch (or its periodic pass).
    const shows = (status: string) => async () => (await reads.allStatuses(false))['2'].status === status;
    const stateFile = join(api.home, 'state', '2.json');
    await rm(stateFile);
    await symlink(join(api.home, 'state', '007.json'), stateFile);
    await waitFor('the unreadable state file', shows('error'), 15_000, 20);
    all = await answers();
    expect(all['2']).toMatchObject({ status: 'error', error: expect.objectContaining({ code: 'unreadable_file' }) });
    await rm(stateFile);
    await writeFile(stateFile, JSON.stringify({ status: 'stopped', desired_state: 'stopped' }));
    await waitFor('the state file readable again', shows('stopped'), 15_000, 20);
    all = await answers();
    expect(all['2'].status).toBe('stopped');

    // A service written by hand without a state file: its defaults are made at each read (last_updated now).
    await writeFile(join(api.home, 'services', 'loose.yaml'), `metadata:\n  service_name: loose\n  service_type: parquet\n  version: '1.0'\nconfig:\n  path: ${JSON.stringify(parquet.path)}\n`);
    await waitFor('the hand-written service', async () => 'loose' in (await reads.allStatuses(false)), 15_000, 20);
    now = Date.now();
    const first = (await answers())['loose'];
    now += 5_000;
    expect((await answers())['loose']).not.toEqual(first);

    // Removals.
    for (const name of ['10', 'dependent', 'archive', 'loose']) expect((await api.request('DELETE', `/api/services/${name}`)).status).toBe(200);
    all = await answers();
    expect(Object.keys(all)).toEqual(['2', '007', 'a-10', 'events']);
  });

  it('GET /api/services/status answers it, with every change at once', async () => {
    const read = async (): Promise<Statuses> => {
      const response = await api.request('GET', '/api/services/status');
      expect(response.status).toBe(200);
      return response.body as Statuses;
    };
    await add('at-once');
    expect(Object.keys(await read())).toContain('at-once');
    expect((await api.request('PATCH', '/api/services/at-once/config', { body: { max_files: 3 } })).status).toBe(200);
    expect((await read())['at-once'].config).toEqual({ path: parquet.path, max_files: 3 });
    await api.app.get(ServiceStateTransitions).apply('at-once', (current) => ({ ...current, status: 'error', health: 'unhealthy' }));
    expect((await read())['at-once'].status).toBe('error');
    expect((await api.request('DELETE', '/api/services/at-once')).status).toBe(200);
    expect(Object.keys(await read())).not.toContain('at-once');
  });
});
