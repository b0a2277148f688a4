import { loadSqlite } from '../app/monitoring/history-sqlite';

export interface StoredStatusChange {
  subject: string;
  /** Milliseconds since the epoch. */
  t: number;
  to_status: string;
  reason: string;
}

/** Every row of the status-change log in the history database at `file`, read by a connection of its own, by subject then time. */
export function storedStatusChanges(file: string): StoredStatusChange[] {
  const db = new (loadSqlite().DatabaseSync)(file, { readOnly: true });
  try {
    return db
      .prepare('SELECT s.subject AS subject, c.t AS t, c.to_status AS to_status, c.reason AS reason FROM h_status_changes c JOIN series s ON s.id = c.sid ORDER BY s.subject, c.t')
      .all() as unknown as StoredStatusChange[];
  } finally {
    db.close();
  }
}
