import { createServer } from 'node:net';
import { freePort } from '@ipfs-kit/testbed';
import { DEFAULT_DEMO_PORT } from './demo-options';

export interface ChosenPort {
  port: number;
  /** Why it is not the one asked for, if it is not. */
  note: string | null;
}

/** True when a server may listen on 127.0.0.1:port right now. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * --check: always a free port (it must not collide with an API the user runs). Else the
 * requested port, which must be free; else 8004 when free, else any free port.
 */
export async function chooseApiPort(requested: number | null, check: boolean): Promise<ChosenPort> {
  if (check && requested === null) return { port: await freePort(), note: null };
  if (requested !== null) {
    if (!(await isPortFree(requested)))
      throw new Error(`port ${requested} on 127.0.0.1 is taken; choose another with --port`);
    return { port: requested, note: null };
  }
  if (await isPortFree(DEFAULT_DEMO_PORT)) return { port: DEFAULT_DEMO_PORT, note: null };
  return { port: await freePort(), note: `port ${DEFAULT_DEMO_PORT} is taken (an API already running?)` };
}
