import { BackendError } from '../contract/backend-error';
import { rejectionOf } from './test-context';

/**
 * Awaits the rejection of `promise`, expects a BackendError and keeps it in `errors`, so
 * that the spec can check at the end that no message held a secret.
 */
export async function expectBackendFailure(promise: Promise<unknown>, errors: BackendError[]): Promise<BackendError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(BackendError);
  errors.push(error as BackendError);
  return error as BackendError;
}
