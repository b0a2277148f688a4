import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';

/**
 * The one place where the test bed cleans up after a process that ends without stopping
 * its servers: a test that forgets `stop()`, a jest worker ended by SIGTERM, Ctrl-C.
 * Servers still running are killed by PID (SIGKILL) and temp folders still present
 * are removed, on 'exit' and on SIGINT, SIGTERM and SIGHUP.
 *
 * A signal that someone else listens for (the demo, the test bed CLI) is theirs: they
 * stop their servers gracefully and end the process, and 'exit' catches what is left.
 * A signal nobody else listens for would have ended the process (Node's default, which
 * skips 'exit'): the servers are killed, the folders removed, and the signal is raised
 * again, so that the process still ends by it, with the usual status (128 + signal).
 *
 * A process killed with SIGKILL runs no code: what it started stays running.
 */

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const STATE = Symbol.for('ipfs-kit.testbed.exit-cleanup');

interface CleanupState {
  pids: Set<number>;
  folders: Set<string>;
}

/**
 * The real process object. Under jest, `process` (and `require('node:process')`) in a
 * test file is a copy whose events never fire (jest-util's createProcessObject), so
 * listeners on it would never run. Core modules are not sandboxed: a function made by
 * the Function constructor of their realm reads the real global `process`.
 */
function realProcess(): NodeJS.Process {
  const HostFunction = (EventEmitter as unknown as { constructor: FunctionConstructor }).constructor;
  return new HostFunction('return process')() as NodeJS.Process;
}

/**
 * The registry, kept on the real process so that every copy of this module (jest loads
 * one per test file) shares it and the listeners are installed once.
 */
function state(): CleanupState {
  const host = realProcess() as NodeJS.Process & { [STATE]?: CleanupState };
  const existing = host[STATE];
  if (existing) return existing;
  const created: CleanupState = { pids: new Set(), folders: new Set() };
  host[STATE] = created;
  const cleanUp = (): void => cleanUpState(created, host);
  const onSignal = (signal: NodeJS.Signals): void => {
    if (host.listeners(signal).some((listener) => listener !== onSignal)) return;
    cleanUp();
    host.removeListener(signal, onSignal);
    host.kill(host.pid, signal);
  };
  host.on('exit', cleanUp);
  for (const signal of SIGNALS) host.on(signal, onSignal);
  return created;
}

/** Kills `pid` with SIGKILL if the process ends first; `release()` once it is stopped. */
export function killOnExit(pid: number): { release(): void } {
  const { pids } = state();
  pids.add(pid);
  return { release: () => pids.delete(pid) };
}

/** Removes `path` (recursively) if the process ends first; `release()` once it is removed. */
export function removeOnExit(path: string): { release(): void } {
  const { folders } = state();
  folders.add(path);
  return { release: () => folders.delete(path) };
}

/** What is registered now: for tests and for messages. */
export function pendingCleanup(): { pids: number[]; folders: string[] } {
  const { pids, folders } = state();
  return { pids: [...pids], folders: [...folders] };
}

function cleanUpState({ pids, folders }: CleanupState, host: NodeJS.Process): void {
  for (const pid of pids) {
    try {
      host.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  pids.clear();
  for (const path of folders) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // a killed server may still be writing into it; nothing more can be done at exit
    }
  }
  folders.clear();
}
