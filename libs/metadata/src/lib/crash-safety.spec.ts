import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { parseYaml } from './safe-yaml';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { filesContaining } from '../test-support/disk-files';
import { WorkerLauncher, type WorkerProcess } from '../test-support/worker-process';

jest.setTimeout(90_000);

describe('a writer process killed at random moments', () => {
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

  it('a writer SIGKILLed at random moments leaves every file old or new, never torn', async () => {
    const home = join(root, 'crash');
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
    let nextSeq = 1;
    let kills = 0;
    // Writers are started ahead, while earlier ones run: node takes ~0.5 s to start here.
    const pool = [1, 2, 3].map(() => launcher.start({ kind: 'crash', home, secret }));
    for (let run = 0; run < 30; run += 1) {
      const w = pool.shift() as WorkerProcess;
      pool.push(launcher.start({ kind: 'crash', home, secret }));
      await w.waitFor('ready', 15_000);
      w.child.stdin?.write(`go ${nextSeq}\n`);
      // Mostly after a first complete round (so there is an old value to keep),
      // every fifth run anywhere from the start; then at a random moment.
      if (run % 5 !== 4) await w.waitFor(/^ack /, 15_000);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 120));
      w.child.kill('SIGKILL');
      const { signal } = await w.exited;
      if (signal === 'SIGKILL') kills += 1;
      expect(w.stderr.join('')).toBe('');

      const acks = w.lines.filter((line) => line.startsWith('ack ')).map((line) => Number(line.slice(4)));
      const lastAck = acks.length > 0 ? acks[acks.length - 1] : null;
      const inProgress = (lastAck ?? nextSeq - 1) + 1;
      for (const file of files) {
        const old = lastAck ?? current.get(file) ?? null;
        const seq = await seqOf(file); // throws if torn
        expect([old, inProgress]).toContain(seq);
        current.set(file, seq);
      }
      nextSeq = inProgress + 1;
    }
    expect(kills).toBe(30);
    for (const idle of pool) idle.child.kill('SIGKILL');
    await Promise.all(pool.map((idle) => idle.exited));

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
