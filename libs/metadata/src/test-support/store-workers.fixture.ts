import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { WorkerLauncher, type WorkerProcess } from './worker-process';

/** The store-worker processes of one spec. */
export interface StoreWorkers {
  start(job: Record<string, unknown>): WorkerProcess;
  /** A store folder `name` inside the spec's temporary folder. */
  home(name: string): string;
}

/**
 * Registers the hooks of a spec that runs store workers: the worker compiled into a
 * temporary folder before all tests, every worker still running killed after each test,
 * the folder removed after all.
 */
export function storeWorkersForSpec(): StoreWorkers {
  const launcher = new WorkerLauncher();
  let temp: TempDir | undefined;
  beforeAll(async () => {
    temp = await makeTempDir('metadata');
    await launcher.prepare(temp.path);
  });
  afterEach(() => launcher.killAll());
  afterAll(() => temp?.remove());
  return {
    start: (job) => launcher.start(job),
    home: (name) => {
      if (!temp) throw new Error('storeWorkersForSpec: home() is read inside a test');
      return join(temp.path, name);
    },
  };
}

/** How writers are killed: see `killWritersAtRandom`. */
export interface KillRounds {
  /** The job each writer is started with (it prints `ready`, writes from `go <seq>` on and prints `ack <seq>`). */
  job: Record<string, unknown>;
  runs: number;
  /** Writers started ahead, while earlier ones run: node takes ~0.5 s to start on a loaded machine. */
  ahead: number;
  /** Whether run `run` waits for a first acknowledgement before its random delay (else it may die at once). */
  waitForAck(run: number): boolean;
  maxDelayMs: number;
  /**
   * Checks the files after a kill: `acks` are the seqs the killed writer acknowledged,
   * `inProgress` the seq it may have been writing when killed.
   */
  afterKill(acks: number[], inProgress: number): Promise<void>;
}

/**
 * Starts writers one after another and SIGKILLs each at a random moment, `runs` times;
 * a writer must print nothing on stderr. Returns how many died of the signal (the idle
 * writers started ahead are killed and awaited before it returns).
 */
export async function killWritersAtRandom(workers: StoreWorkers, rounds: KillRounds): Promise<number> {
  let nextSeq = 1;
  let kills = 0;
  const pool = Array.from({ length: rounds.ahead }, () => workers.start(rounds.job));
  for (let run = 0; run < rounds.runs; run += 1) {
    const w = pool.shift() as WorkerProcess;
    pool.push(workers.start(rounds.job));
    await w.waitFor('ready', 15_000);
    w.child.stdin?.write(`go ${nextSeq}\n`);
    if (rounds.waitForAck(run)) await w.waitFor(/^ack /, 15_000);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * rounds.maxDelayMs));
    w.child.kill('SIGKILL');
    const { signal } = await w.exited;
    if (signal === 'SIGKILL') kills += 1;
    expect(w.stderr.join('')).toBe('');

    const acks = w.lines.filter((line) => line.startsWith('ack ')).map((line) => Number(line.slice(4)));
    const inProgress = (acks.at(-1) ?? nextSeq - 1) + 1;
    await rounds.afterKill(acks, inProgress);
    nextSeq = inProgress + 1;
  }
  for (const idle of pool) idle.child.kill('SIGKILL');
  await Promise.all(pool.map((idle) => idle.exited));
  return kills;
}
