import { BackendError } from '../contract/backend-error';

/** What a session's work can ask of it. */
export interface RemoteSessionHandle {
  /** True once close() ended the session. */
  readonly cancelled: boolean;
}

export interface RemoteSessionRun<T> {
  /** `<what> of <host:port>`, for the cancel message. */
  label: string;
  /** The call's deadline signal: aborting it ends the session. */
  signal: AbortSignal;
  /** Closes the session's socket at once (on the deadline, a cancel, or the connection's close()). */
  end: () => void;
  work: (handle: RemoteSessionHandle) => Promise<T>;
  /** Turns a failure into the backend's error (when not cancelled). */
  mapError: (error: unknown) => Error;
  /** Runs after the work, whatever its outcome (close the client). */
  cleanup: () => void | Promise<void>;
}

/**
 * The sessions in progress of one ftp or sshfs connection. Each call opens its own
 * session (the protocol clients are not safe for concurrent commands, and calls of one
 * service may overlap: a probe during a storage walk); the deadline or the
 * connection's close() ends it at once, so that no socket stays open.
 */
export class RemoteSessions {
  private readonly open = new Set<() => void>();

  async run<T>(session: RemoteSessionRun<T>): Promise<T> {
    let cancelled = false;
    const cancel = (): void => {
      cancelled = true;
      session.end();
    };
    this.open.add(cancel);
    session.signal.addEventListener('abort', session.end, { once: true });
    try {
      return await session.work({
        get cancelled() {
          return cancelled;
        },
      });
    } catch (error) {
      if (cancelled) throw new BackendError('timeout', `${session.label} was cancelled: the connection was closed`);
      throw session.mapError(error);
    } finally {
      session.signal.removeEventListener('abort', session.end);
      await session.cleanup();
      this.open.delete(cancel);
    }
  }

  /** Ends every session in progress; their calls fail as cancelled. */
  cancelAll(): void {
    for (const cancel of this.open) cancel();
    this.open.clear();
  }
}
