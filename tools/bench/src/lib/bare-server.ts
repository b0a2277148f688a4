import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { killOnExit } from '@ipfs-kit/testbed';

/** A bare node:http server in its own process, to compare the API with. */
export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The least an answer needs: a node:http server that answers every request with
 * JSON.stringify of the same object (parsed once from `answerFile`), as its own process
 * (so it does not share the event loop of the load generator).
 */
const SERVER_SOURCE = `
const { createServer } = require('node:http');
const answer = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
const server = createServer((request, response) => {
  const body = JSON.stringify(answer);
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export async function startBareServer(workDir: string, name: string, answer: unknown): Promise<BareServer> {
  const file = join(workDir, `bare-${name}.json`);
  await writeFile(file, JSON.stringify(answer));
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE, file], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env['PATH'] ?? '' } });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare server did not start within 10 s')), 10_000);
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString('utf8').trim()));
    });
  });
  const cleanup = child.pid ? killOnExit(child.pid) : null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      cleanup?.release();
    },
  };
}
