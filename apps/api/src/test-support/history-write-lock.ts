import { loadSqlite } from '../app/monitoring/history-sqlite';

export interface HeldWriteLock {
  /** Rolls the other connection's transaction back and closes it: the lock is free again. */
  release(): void;
}

/**
 * A second real connection to the history database at `file` that takes its write lock
 * (BEGIN IMMEDIATE) and holds it, as another process writing the same file would, until
 * released: the store's batches meanwhile meet SQLITE_BUSY.
 */
export function holdHistoryWriteLock(file: string): HeldWriteLock {
  const other = new (loadSqlite().DatabaseSync)(file);
  try {
    other.exec('PRAGMA busy_timeout = 0; BEGIN IMMEDIATE');
  } catch (error) {
    other.close();
    throw error;
  }
  return {
    release: () => {
      if (other.isTransaction) other.exec('ROLLBACK');
      other.close();
    },
  };
}
