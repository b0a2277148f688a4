import { processMemory } from './memory-snapshot';

/**
 * The Node option a process must be started with for `memoryAfterGc`: SIGUSR1 then opens
 * its inspector on a free port of 127.0.0.1 (printed on its stderr) instead of 9229.
 */
export const INSPECT_ON_SIGNAL_OPTION = '--inspect-port=127.0.0.1:0';

/** One process's memory right after a full garbage collection. */
export interface MemoryAfterGc {
  rssBytes: number | null;
  /** V8's live objects after the collection. */
  heapUsedBytes: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers, ArrayBuffers ...). */
  externalBytes: number;
}

const LISTENING = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;
const SLEEP = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measures another Node process after forcing a full garbage collection in it, through
 * its inspector (opened by SIGUSR1; the process must run with INSPECT_ON_SIGNAL_OPTION):
 * `HeapProfiler.collectGarbage`, then `process.memoryUsage()` evaluated in the process
 * and its RSS from /proc. What garbage the process happened to hold then no longer
 * moves the figure. `output()` is what the process printed (its stderr names the
 * inspector's address). The inspector stays open for later calls.
 */
export class GcProbe {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();

  constructor(
    private readonly pid: number,
    private readonly output: () => string,
  ) {}

  async measure(): Promise<MemoryAfterGc> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const evaluated = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(evaluated.result.value) as { heapUsed: number; external: number };
    return { rssBytes: (await processMemory(this.pid)).rssBytes, heapUsedBytes: usage.heapUsed, externalBytes: usage.external };
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  private async call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const socket = await this.connect();
    const id = this.nextId++;
    const reply = new Promise<{ result?: unknown; error?: { message: string } }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the inspector did not answer ${method} within 30 s`)), 30_000);
      this.replies.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    socket.send(JSON.stringify({ id, method, params }));
    const message = await reply;
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result;
  }

  private async connect(): Promise<WebSocket> {
    if (this.socket) return this.socket;
    let url = LISTENING.exec(this.output())?.[1];
    if (!url) {
      process.kill(this.pid, 'SIGUSR1');
      const deadline = Date.now() + 10_000;
      while (!(url = LISTENING.exec(this.output())?.[1])) {
        if (Date.now() > deadline) throw new Error(`process ${this.pid} opened no inspector (is it running with ${INSPECT_ON_SIGNAL_OPTION}?)`);
        await SLEEP(50);
      }
    }
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      this.replies.get(message.id)?.(message);
      this.replies.delete(message.id);
    });
    this.socket = socket;
    return socket;
  }
}

/** The median of several measurements after a GC, field by field (GC timing no longer moves it much; this steadies the rest). */
export async function medianMemoryAfterGc(probe: GcProbe, times = 3, pauseMs = 500): Promise<MemoryAfterGc> {
  const runs: MemoryAfterGc[] = [];
  for (let i = 0; i < times; i += 1) {
    if (i > 0) await SLEEP(pauseMs);
    runs.push(await probe.measure());
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rss = runs.map((run) => run.rssBytes).filter((value): value is number => value !== null);
  return {
    rssBytes: rss.length === runs.length ? median(rss) : null,
    heapUsedBytes: median(runs.map((run) => run.heapUsedBytes)),
    externalBytes: median(runs.map((run) => run.externalBytes)),
  };
}
