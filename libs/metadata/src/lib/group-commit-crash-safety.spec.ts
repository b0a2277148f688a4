import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { WorkerLauncher, type WorkerProcess } from '../test-support/worker-process';

jest.setTimeout(90_000);

const SERVICES = Array.from({ length: 50 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);

describe('a process committing state updates in groups, killed at random moments', () => {
  let temp: TempDir;
  let root: string;
  const launcher = new WorkerLauncher();

  beforeAll(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    await launcher.prepare(root);
  });
  afterEach(() => launcher.killAll());
  afterAll(() => temp?.remove());

  it('leaves every state file old or new, never torn, and never loses an acknowledged update', async () => {
    const home = join(root, 'group-crash');
    const read = async (name: string): Promise<{ seq: number; status: unknown } | null> => {
      let text: string;
      try {
        text = await readFile(join(home, 'state', `${name}.json`), 'utf8');
      } catch {
        return null;
      }
      const parsed = JSON.parse(text) as Record<string, unknown>; // throws if torn
      return { seq: Number(parsed['seq']), status: parsed['status'] };
    };

    /** Per file: the seq of the last update seen or acknowledged. */
    const last = new Map<string, number | null>(SERVICES.map((name) => [name, null]));
    let nextSeq = 1;
    let kills = 0;
    const pool = [1, 2].map(() => launcher.start({ kind: 'group-crash', home }));
    for (let run = 0; run < 15; run += 1) {
      const w = pool.shift() as WorkerProcess;
      pool.push(launcher.start({ kind: 'group-crash', home }));
      await w.waitFor('ready', 15_000);
      w.child.stdin?.write(`go ${nextSeq}\n`);
      if (run % 3 !== 2) await w.waitFor(/^ack /, 15_000);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
      w.child.kill('SIGKILL');
      const { signal } = await w.exited;
      if (signal === 'SIGKILL') kills += 1;
      expect(w.stderr.join('')).toBe('');

      const acks = w.lines.filter((line) => line.startsWith('ack ')).map((line) => Number(line.slice(4)));
      const acknowledged = acks.at(-1) ?? null;
      const inProgress = (acknowledged ?? nextSeq - 1) + 1;
      for (const name of SERVICES) {
        const found = await read(name);
        const old = acknowledged ?? last.get(name) ?? null;
        // The last acknowledged update of this file, or the one in progress: whole, never torn.
        if (found === null) expect(old).toBeNull();
        else {
          expect([old, inProgress]).toContain(found.seq);
          expect(found.status).toBe(`s${found.seq}`);
        }
        last.set(name, found?.seq ?? null);
      }
      nextSeq = inProgress + 1;
    }
    expect(kills).toBe(15);
    for (const idle of pool) idle.child.kill('SIGKILL');
    await Promise.all(pool.map((idle) => idle.exited));

    // A new process cleans up after the dead ones; their lock does not block it.
    const store = await MetadataManager.open({ home, logger: recordingLogger() });
    expect((await filesUnder(home)).filter((file) => /\.tmp-/.test(file))).toEqual([]);
    expect(await store.updateServiceState('svc-01', (current) => ({ ...current, seq: -1 }))).toMatchObject({ seq: -1 });
    expect((await store.getServiceState('svc-01'))?.['seq']).toBe(-1);
  });
});
