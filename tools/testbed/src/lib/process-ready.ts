import type { ManagedProcess } from './managed-process';

/**
 * Waits for `ready()` unless the process ends first; then rejects at once with the
 * process's last output instead of waiting for the readiness timeout.
 */
export async function untilReady(server: ManagedProcess, name: string, ready: () => Promise<unknown>): Promise<void> {
  const ended = new Promise<never>((_, reject) => {
    const fail = (code: number | null, signal: NodeJS.Signals | null): void =>
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}): ${server.recentOutput() || 'no output'}`));
    if (server.exited()) fail(server.child.exitCode, server.child.signalCode);
    else server.child.once('close', fail);
  });
  await Promise.race([ready(), ended]);
}
