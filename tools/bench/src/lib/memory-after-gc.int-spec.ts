import { spawn, type ChildProcess } from 'node:child_process';
import { GcProbe, INSPECT_ON_SIGNAL_OPTION, medianMemoryAfterGc } from './memory-after-gc';

jest.setTimeout(60_000);

/** A Node process that holds ~80 MB of objects until told 'drop' on stdin, then allocates nothing. */
const HOLDER = `
let held = Array.from({ length: 400_000 }, (_, i) => ({ i, text: 'x'.repeat(100) + i }));
process.stdin.on('data', (chunk) => {
  if (String(chunk).includes('drop')) { held = null; process.stdout.write('dropped\\n'); }
});
process.stdout.write('ready\\n');
setInterval(() => undefined, 1000);
`;

/**
 * The bench's memory after a forced GC, on a real Node process: the garbage it holds is
 * collected before the figures are taken, which is what steadies the per-service figures.
 */
describe('GcProbe (a real Node process, its inspector opened by SIGUSR1)', () => {
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', HOLDER], {
      env: { ...process.env, NODE_OPTIONS: INSPECT_ON_SIGNAL_OPTION },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!output.includes('ready')) {
      if (Date.now() > deadline) throw new Error(`the child did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('measures the heap after a full collection: garbage the process dropped is not counted', async () => {
    const probe = new GcProbe(child.pid as number, () => output);
    try {
      const holding = await probe.measure();
      expect(holding.heapUsedBytes).toBeGreaterThan(40 * 2 ** 20);
      expect(holding.rssBytes).toBeGreaterThan(holding.heapUsedBytes);
      expect(holding.externalBytes).toBeGreaterThan(0);

      child.stdin?.write('drop\n');
      while (!output.includes('dropped')) await new Promise((resolve) => setTimeout(resolve, 20));
      // Nothing allocates in the child any more: only a forced collection frees the objects.
      const dropped = await medianMemoryAfterGc(probe, 3, 50);
      expect(dropped.heapUsedBytes).toBeLessThan(holding.heapUsedBytes - 30 * 2 ** 20);
      expect(dropped.rssBytes).not.toBeNull();
    } finally {
      probe.close();
    }
  });
});
