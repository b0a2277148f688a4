import autocannon from 'autocannon';
import { summarizeLatencies, type LatencySummary } from './latency-stats';

export interface HttpLoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Connections kept open at once (each sends its next request when the answer came). */
  connections: number;
  /** Run for this long at most... */
  durationS: number;
  /** ...or until this many requests were sent. */
  amount?: number;
  /** A body per request (numbered from 0), for POST. */
  body?: (i: number) => unknown;
  /** Abort a request after this long. */
  timeoutS?: number;
}

export interface HttpLoadResult {
  /** Latency of every answer with the expected status, and answers per second over the run. */
  latency: LatencySummary | null;
  /** Answers with another status, connection errors, timeouts. */
  failures: { non2xx: number; errors: number; timeouts: number };
}

/**
 * Load from autocannon: `connections` keep-alive connections, each sending its next
 * request when the previous answer came, for a time or a number of requests. Every
 * response time is kept, so the percentiles are exact (not from autocannon's buckets).
 */
export function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  // The rate runs to the last answer: autocannon notices the end on its one-second tick.
  let lastAnswer = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'GET',
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.durationS } : { amount: options.amount }),
        timeout: options.timeoutS ?? 30,
        headers: { accept: 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(options.body
          ? {
              requests: [
                {
                  setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(options.body?.(next++)) }),
                },
              ],
            }
          : {}),
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          latency: summarizeLatencies(times, lastAnswer - started),
          failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
        });
      },
    );
    // With an amount, the duration still bounds the run.
    const stop = options.amount === undefined ? null : setTimeout(() => instance.stop(), options.durationS * 1000);
    instance.on('done', () => stop && clearTimeout(stop));
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastAnswer = performance.now();
      if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
    });
  });
}
