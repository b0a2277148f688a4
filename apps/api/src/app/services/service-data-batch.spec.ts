import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetadataCatalog, MetadataManager, type StoreChange } from '@ipfs-kit/metadata';
import type { ServiceState } from '../common/service-state';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceDataBatch } from './service-data-batch';
import { repeatsMeaning, ServiceSnapshotStore, type StoredProbe } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import { ServiceStateTransitions } from './service-state-transitions.service';

jest.setTimeout(30_000);

const quiet = { warn: () => undefined, log: () => undefined };

/** The service layer's state and snapshot stores over a real store folder, as the API wires them. */
async function openLayer(home: string) {
  const store = await MetadataManager.open({ home, logger: quiet });
  const catalog = await MetadataCatalog.open(store, { watch: false, rescanMs: 0, logger: quiet });
  const batches = new ServiceDataBatch(catalog, store);
  const states = new ServiceStateStore(catalog, store, batches);
  const snapshots = new ServiceSnapshotStore(catalog, store, batches);
  const events = new ServiceEventsService();
  const transitions = new ServiceStateTransitions(states, events);
  const writes: StoreChange[] = [];
  store.addWriteListener({ written: (change) => writes.push(change), bulkChanged: async () => undefined });
  return { store, catalog, batches, states, snapshots, events, transitions, writes };
}

/** A probe result as the checker keeps it in the snapshot. */
const probe = (latency: number, error: string | null = null): StoredProbe => ({
  ok: error === null,
  latency_ms: latency,
  version: null,
  attempts: 1,
  error: error === null ? null : { code: error, message: `${error} (test)` },
  measured_at: new Date().toISOString(),
});

/** Polls `read` until `done` holds (the batch timer runs on its own), at most 10 s. */
async function until<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A check's result that changes nothing but counters and times. */
const checked = (current: ServiceState): ServiceState => ({
  ...current,
  check_count: current.check_count + 1,
  last_check: new Date().toISOString(),
});

describe('ServiceDataBatch (check results that change nothing, written in batches)', () => {
  let root: string;
  let home: string;
  let layer: Awaited<ReturnType<typeof openLayer>>;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ipfs-kit-batch-'));
    home = join(root, 'home');
    layer = await openLayer(home);
    await layer.store.setServiceConfig('a', { path: '/data' }, { type: 'parquet' });
    await layer.transitions.apply('a', (current) => ({
      ...current,
      desired_state: 'started',
      status: 'running',
      health: 'healthy',
    }));
    layer.writes.length = 0;
  });
  afterEach(async () => {
    await layer.batches.onApplicationShutdown();
    layer.catalog.close();
    await rm(root, { recursive: true, force: true });
  });

  const onDisk = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(home, file), 'utf8')) as Record<string, unknown>;

  it('keeps unchanged results in memory and writes each file once per batch', async () => {
    for (let i = 0; i < 5; i += 1) {
      await layer.transitions.apply('a', checked, { batched: true });
      layer.snapshots.updateLater('a', (data) => ({
        ...data,
        probe: {
          ok: true,
          latency_ms: i,
          version: null,
          attempts: 1,
          error: null,
          measured_at: new Date().toISOString(),
        },
      }));
    }
    expect(layer.writes).toEqual([]);
    expect(layer.states.get('a').check_count).toBe(5);
    expect(layer.snapshots.get('a')?.data.probe?.latency_ms).toBe(4);
    expect(onDisk('state/a.json')['check_count']).toBe(0);

    await layer.batches.flush();
    expect(layer.writes.map((change) => `${change.folder}/${change.name}`).sort()).toEqual(['monitoring/a', 'state/a']);
    expect(onDisk('state/a.json')).toMatchObject({ status: 'running', check_count: 5 });
    expect(onDisk('monitoring/a.json')).toMatchObject({ service: 'a', data: { probe: { latency_ms: 4 } } });
    // Read back from memory after the batch; a second flush has nothing to write.
    expect(layer.states.get('a').check_count).toBe(5);
    await layer.batches.flush();
    expect(layer.writes).toHaveLength(2);
  });

  it('writes a status change durably before apply returns and before its event', async () => {
    await layer.transitions.apply('a', checked, { batched: true });
    const seenOnDisk: unknown[] = [];
    layer.events.events$.subscribe((event) => {
      if (event.type === 'status') seenOnDisk.push(onDisk('state/a.json')['status']);
    });
    const failed = (current: ServiceState): ServiceState => ({
      ...checked(current),
      status: 'error',
      health: 'unhealthy',
    });
    const state = await layer.transitions.apply('a', failed, { batched: true });
    expect(state.status).toBe('error');
    expect(onDisk('state/a.json')).toMatchObject({ status: 'error', health: 'unhealthy', check_count: 2 });
    expect(seenOnDisk).toEqual(['error']);
  });

  it('a crash loses only the unchanged results not yet written, never a status change', async () => {
    await layer.transitions.apply('a', checked, { batched: true });
    await layer.batches.flush(); // check_count 1 on disk
    await layer.transitions.apply('a', (current) => ({ ...checked(current), health: 'degraded' }), { batched: true }); // durable: 2
    await layer.transitions.apply('a', checked, { batched: true }); // pending: 3
    layer.snapshots.updateLater('a', (data) => ({
      ...data,
      probe: {
        ok: true,
        latency_ms: 9,
        version: null,
        attempts: 1,
        error: null,
        measured_at: new Date().toISOString(),
      },
    }));

    // The process dies here: nothing is flushed. A new one opens the same folder.
    layer.catalog.close();
    const after = await openLayer(home);
    try {
      expect(after.states.get('a')).toMatchObject({ status: 'running', health: 'degraded', check_count: 2 });
      expect(after.snapshots.get('a')?.data.probe).toBeUndefined();
    } finally {
      after.catalog.close();
    }
  });

  it('a pending result never overwrites a status change written after it, by this process or another', async () => {
    await layer.transitions.apply('a', checked, { batched: true }); // pending, based on the file before
    const other = await MetadataManager.open({ home, logger: quiet }); // another process: the catalog is not told
    await other.updateServiceState('a', (current) => ({ ...current, desired_state: 'stopped', status: 'stopped' }));
    await layer.batches.flush();
    expect(onDisk('state/a.json')).toMatchObject({ desired_state: 'stopped', status: 'stopped' });

    await layer.catalog.rescan();
    expect(layer.states.get('a')).toMatchObject({ desired_state: 'stopped', status: 'stopped' });
    await layer.transitions.apply('a', checked, { batched: true });
    await layer.transitions.apply('a', (current) => ({ ...current, status: 'error' })); // durable, after the pending one
    await layer.batches.flush();
    expect(onDisk('state/a.json')).toMatchObject({ status: 'error' });
    expect(layer.states.get('a').status).toBe('error');
  });

  it('writes nothing for a service removed while its result waited', async () => {
    await layer.transitions.apply('a', checked, { batched: true });
    await layer.store.deleteServiceConfig('a', { purge: true });
    await layer.batches.flush();
    expect(() => readFileSync(join(home, 'state', 'a.json'))).toThrow(/ENOENT/);
  });

  it("writes a snapshot whose probe only repeats the last one's answer with a lazy batch, its state with the next one", async () => {
    const snapshotOnDisk = () => (onDisk('monitoring/a.json')['data'] as { probe?: StoredProbe }).probe ?? null;
    await layer.transitions.apply('a', checked, { batched: true });
    layer.snapshots.updateLater('a', (data) => ({ ...data, probe: probe(1) }));
    expect(
      (
        await until(
          () => {
            try {
              return snapshotOnDisk();
            } catch {
              return null;
            }
          },
          (seen) => seen?.latency_ms === 1,
        )
      )?.latency_ms,
    ).toBe(1);

    // The same answer, faster: the state goes out with the next batch, the snapshot waits.
    await layer.transitions.apply('a', checked, { batched: true });
    layer.snapshots.updateLater('a', (data) => ({ ...data, probe: probe(2) }));
    expect(
      await until(
        () => onDisk('state/a.json')['check_count'],
        (count) => count === 2,
      ),
    ).toBe(2);
    expect(snapshotOnDisk()?.latency_ms).toBe(1);
    expect(layer.snapshots.get('a')?.data.probe?.latency_ms).toBe(2);

    // Another answer goes out with the next batch, and takes the lazy one along.
    layer.snapshots.updateLater('a', (data) => ({ ...data, probe: probe(3, 'unreachable') }));
    expect(await until(snapshotOnDisk, (seen) => seen?.ok === false)).toMatchObject({
      ok: false,
      latency_ms: 3,
      error: { code: 'unreachable' },
    });

    // A flush (shutdown, restore) writes the lazy ones too.
    layer.snapshots.updateLater('a', (data) => ({ ...data, probe: probe(4, 'unreachable') }));
    await layer.batches.flush();
    expect(snapshotOnDisk()).toMatchObject({ ok: false, latency_ms: 4 });
  });
});

describe(repeatsMeaning.name, () => {
  const storage = { value: null, measured_at: null, error: null, error_at: null };

  it("holds when only the probe's time, latency and attempts changed", () => {
    expect(repeatsMeaning({ probe: probe(1), storage }, { probe: { ...probe(9), attempts: 3 }, storage })).toBe(true);
  });

  it('does not hold for another answer, a first probe or another part changed', () => {
    expect(repeatsMeaning({ probe: probe(1) }, { probe: probe(1, 'timeout') })).toBe(false);
    expect(repeatsMeaning({ probe: probe(1, 'timeout') }, { probe: probe(1, 'unreachable') })).toBe(false);
    expect(repeatsMeaning({ probe: probe(1) }, { probe: { ...probe(1), version: '2.0' } })).toBe(false);
    expect(repeatsMeaning({}, { probe: probe(1) })).toBe(false);
    expect(repeatsMeaning({ probe: probe(1), storage }, { probe: probe(1), storage: { ...storage } })).toBe(false);
    expect(repeatsMeaning({ probe: probe(1) }, { probe: probe(1), storage })).toBe(false);
  });
});
