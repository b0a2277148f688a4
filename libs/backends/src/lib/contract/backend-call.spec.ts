import { BackendError } from './backend-error';
import { withDeadline, withTimeLimit } from './backend-call';

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

describe('withTimeLimit', () => {
  it('ends work that never settles at the deadline, as a timeout', async () => {
    const error = await withTimeLimit({ timeoutMs: 50 }, 'checking folder /x', () => new Promise<void>(() => undefined)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'timeout', message: 'checking folder /x did not answer within 50 ms' });
  });

  it('answers the result or the error of work done in time, and leaves no timer behind', async () => {
    jest.useFakeTimers();
    try {
      await expect(withTimeLimit({ timeoutMs: 10_000 }, 'op', async () => 42)).resolves.toBe(42);
      await expect(withTimeLimit({ timeoutMs: 10_000 }, 'op', async () => Promise.reject(new Error('no such folder')))).rejects.toThrow('no such folder');
      await expect(withTimeLimit({ timeoutMs: 10_000 }, 'op', () => { throw new Error('thrown at once'); })).rejects.toThrow('thrown at once');
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a caller cancel, before or during the work, as cancelled', async () => {
    await expect(withTimeLimit({ timeoutMs: 10_000, signal: AbortSignal.abort() }, 'op', async () => 1)).rejects.toThrow('op was cancelled');
    const controller = new AbortController();
    const pending = withTimeLimit({ timeoutMs: 10_000, signal: controller.signal }, 'op', () => new Promise(() => undefined));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'timeout', message: 'op was cancelled' });
  });
});
