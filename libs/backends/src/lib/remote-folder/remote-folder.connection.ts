import type { CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendConnection } from '../contract/storage-backend.driver';
import type { StorageInfo } from '../contract/storage-info';
import { RemoteSessions } from './remote-sessions';

/**
 * The connection of a folder on a remote server reached over a session protocol (ftp,
 * sshfs): every call opens its own session within the call's deadline, so nothing runs
 * between calls; start is the probe (the login must work and the folder must exist) and
 * close ends the sessions in progress.
 */
export abstract class RemoteFolderConnection implements BackendConnection {
  protected readonly sessions = new RemoteSessions();

  abstract probe(call: CallOptions): Promise<ProbeResult>;
  abstract stats(call: CallOptions): Promise<BackendStats>;
  abstract quota(call: CallOptions): Promise<StorageInfo>;
  abstract storage(call: CallOptions): Promise<StorageInfo>;

  /** Activation: the probe must pass. */
  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
  }

  async stop(): Promise<void> {
    // Nothing runs between calls.
  }

  async close(): Promise<void> {
    this.sessions.cancelAll();
  }
}
