import { BackendError } from './backend-error';
import { withDeadline } from './backend-call';

describe('withDeadline', () => {
  it('ends a call whose library ignores the signal at the deadline, as a timeout', async () => {
    const never = new Promise<string>(() => undefined);
    const error = await withDeadline({ timeoutMs: 50 }, 'GET /slow', () => never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('timeout');
    expect((error as BackendError).message).toBe('GET /slow did not answer within 50 ms');
  });

  it('passes a signal that aborts at the deadline and returns the result in time', async () => {
    let seen: AbortSignal | undefined;
    const result = await withDeadline({ timeoutMs: 1000 }, 'op', async (signal) => {
      seen = signal;
      return 42;
    });
    expect(result).toBe(42);
    expect(seen?.aborted).toBe(false);
  });

  it('reports a caller cancel as cancelled', async () => {
    const controller = new AbortController();
    const pending = withDeadline({ timeoutMs: 10_000, signal: controller.signal }, 'op', () => new Promise(() => undefined));
    controller.abort();
    await expect(pending).rejects.toThrow('op was cancelled');
  });
});
