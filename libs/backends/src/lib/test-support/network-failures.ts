import { closedPort, type SilentServer } from '@ipfs-kit/testbed';
import type { BackendError } from '../contract/backend-error';
import type { BackendConnection } from '../contract/storage-backend.driver';

/** How a spec reaches its driver on another port, and checks a call that must fail. */
export interface NetworkFailureSpec {
  /** A connection with the spec's working config, but to 127.0.0.1:`port`. */
  connectTo(port: number): Promise<BackendConnection>;
  /** The spec's test bed server that accepts and never answers (read once its beforeAll ran). */
  silent(): SilentServer;
  /** Awaits the rejection, expects a BackendError (and keeps it for the spec's secret check). */
  failure(work: Promise<unknown>): Promise<BackendError>;
}

/**
 * Registers the tests of the network failures a driver of a remote folder maps alike:
 * nothing listening is unreachable naming the address; a server that accepts and never
 * answers ends at timeout_ms as a timeout; a hung call ends at once when the caller
 * cancels it or the connection closes.
 */
export function itMapsNetworkFailures(spec: NetworkFailureSpec): void {
  it('maps nothing listening to unreachable', async () => {
    const port = await closedPort();
    const connection = await spec.connectTo(port);
    const error = await spec.failure(connection.probe({ timeoutMs: 5_000 }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('ends a call to a server that accepts and never answers at timeout_ms, as a timeout', async () => {
    const connection = await spec.connectTo(spec.silent().port);
    const error = await spec.failure(connection.probe({ timeoutMs: 700 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('700 ms');
    expect(spec.silent().accepted()).toBeGreaterThan(0);
    await connection.close();
  });

  it('ends a hung call at once when the caller cancels or the connection closes', async () => {
    const connection = await spec.connectTo(spec.silent().port);
    const controller = new AbortController();
    const cancelled = spec.failure(connection.storage({ timeoutMs: 60_000, signal: controller.signal }));
    const closed = spec.failure(connection.stats({ timeoutMs: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect((await cancelled).message).toMatch(/was cancelled/);
    await connection.close();
    const closedError = await closed;
    expect(closedError.code).toBe('timeout');
    expect(closedError.message).toMatch(/cancelled: the connection was closed/);
  });
}
