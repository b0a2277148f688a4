/**
 * A process that starts a server and makes a temp folder through the test bed, prints
 * `{"pid":...,"dir":"..."}` and waits. exit-cleanup.spec.ts ends it in different ways.
 * Mode (argv[2]): `plain` (no signal listener of its own), `own-listener` (a SIGTERM
 * listener of its own that exits with 0), `exit` (exits with 3 right after printing).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from '../managed-process';
import { makeTempDir } from '../temp-dir';

async function main(): Promise<void> {
  const mode = process.argv[2];
  const server = startProcess(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { env: {} });
  const dir = await makeTempDir('exit-cleanup-child');
  await writeFile(join(dir.path, 'file.txt'), 'kept until the process ends\n');
  if (mode === 'own-listener') {
    process.on('SIGTERM', () => {
      process.stdout.write('own listener\n');
      process.exit(0);
    });
  }
  process.stdout.write(`${JSON.stringify({ pid: server.pid, dir: dir.path })}\n`);
  if (mode === 'exit') process.exit(3);
  setInterval(() => undefined, 1_000);
}

void main();
