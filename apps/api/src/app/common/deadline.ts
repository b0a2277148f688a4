import { BackendError } from '@ipfs-kit/backends';

/**
 * Settles no later than `ms` even when `work` never does: the API's own guard around
 * a driver call (drivers already bound their calls; this keeps a faulty one from
 * hanging a check or a request).
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BackendError('timeout', `${what} did not answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
