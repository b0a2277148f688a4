import { join } from 'node:path';
import { freePort, startBuiltApi } from '@ipfs-kit/testbed';
import { startBareServer } from '../lib/bare-server';
import { processMemory } from '../lib/memory-snapshot';
import { cpuMs } from '../lib/process-cpu';

/** How often readiness is polled: fine enough for a start that takes a fraction of a second. */
const READY_POLL_MS = 20;

/** One process measured from its spawn: time to answer, CPU spent until then, RSS at rest. */
export interface ProcessAtRest {
  readyS: number;
  /** CPU time until ready (less sensitive than `readyS` to other load on the machine). */
  cpuToReadyMs: number | null;
  rssBytes: number | null;
}

export interface IdleStart {
  /** The built API on an empty store: no services. */
  api: ProcessAtRest;
  /** A bare node:http server process answering a small JSON object: what any Node server costs. */
  bare: ProcessAtRest;
}

/**
 * The built API with no services beside a bare node:http server, each in its own process,
 * each measured from its spawn until it answers (polled every 20 ms) and, after `settleMs`
 * quiet, its RSS. What the API loads at start-up decides most of both.
 */
export async function measureIdleStart(workDir: string, token: string, settleMs: number): Promise<IdleStart> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const bareStarted = performance.now();
  const bare = await startBareServer(workDir, 'idle', { status: 'ok' });
  const bareReadyS = (performance.now() - bareStarted) / 1000;
  let bareAtRest: ProcessAtRest;
  try {
    const cpuToReadyMs = await cpuMs(bare.pid).catch(() => null);
    await sleep(settleMs);
    bareAtRest = { readyS: bareReadyS, cpuToReadyMs, rssBytes: (await processMemory(bare.pid)).rssBytes };
  } finally {
    await bare.stop();
  }
  const port = await freePort();
  const apiStarted = performance.now();
  const api = await startBuiltApi({
    home: join(workDir, 'idle-home'),
    port,
    token,
    logFile: join(workDir, 'idle-api.log'),
    env: { IPFS_KIT_LOG_LEVEL: 'warn' },
    readyTimeoutMs: 120_000,
    readyPollMs: READY_POLL_MS,
  });
  const apiReadyS = (performance.now() - apiStarted) / 1000;
  try {
    const cpuToReadyMs = await cpuMs(api.pid).catch(() => null);
    await sleep(settleMs);
    return { api: { readyS: apiReadyS, cpuToReadyMs, rssBytes: (await processMemory(api.pid)).rssBytes }, bare: bareAtRest };
  } finally {
    await api.stop();
  }
}
