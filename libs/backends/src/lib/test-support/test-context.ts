import { recordingLogger } from '@ipfs-kit/testbed';
import type { BackendContext, BackendLogger } from '../contract/storage-backend.driver';

/** A BackendContext for tests of attach-only drivers (nothing is written under `home`). */
export function testContext(serviceName: string, logger: BackendLogger = recordingLogger()): BackendContext {
  return { serviceName, home: '/nonexistent/ipfs-kit-home', logger };
}

/** Every string that could reveal a secret: the value itself and its Basic-auth base64 forms. */
export function secretForms(secrets: readonly string[], basicUser?: string): string[] {
  const forms = [...secrets];
  if (basicUser) {
    for (const secret of secrets) forms.push(Buffer.from(`${basicUser}:${secret}`).toString('base64'));
  }
  return forms;
}

/** Resolves to the rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}
