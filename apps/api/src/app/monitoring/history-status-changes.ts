import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** One stored change of a service's status or health, with its reason (already redacted). */
export interface StatusChangeRecord {
  /** Milliseconds since the epoch. */
  t: number;
  from_status: string;
  from_health: string;
  to_status: string;
  to_health: string;
  /** The error code of the new state, null when it has none. */
  code: string | null;
  reason: string;
}

/** Most changes kept per service, whatever their age (a flapping service stays bounded). */
export const STATUS_CHANGES_KEPT = 1_000;
/** The longest reason stored. */
export const REASON_MAX_CHARS = 500;

/**
 * The status-change log: one row per transition, keyed by (series id of the subject's
 * `status` series, time in ms). Rows are few (a change, not a check), so the columns stay plain text.
 */
export const STATUS_CHANGES_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS h_status_changes (sid INTEGER NOT NULL, t INTEGER NOT NULL, from_status TEXT NOT NULL, from_health TEXT NOT NULL, ' +
  'to_status TEXT NOT NULL, to_health TEXT NOT NULL, code TEXT, reason TEXT NOT NULL, PRIMARY KEY (sid, t)) WITHOUT ROWID';

/** The prepared statements of the status-change log. */
export class StatusChangeStatements {
  private readonly insert: StatementSync;
  private readonly select: StatementSync;
  private readonly pruneOlder: StatementSync;
  private readonly pruneBeyond: StatementSync;
  private readonly remove: StatementSync;

  constructor(db: DatabaseSync) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO h_status_changes (sid, t, from_status, from_health, to_status, to_health, code, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.select = db.prepare(
      'SELECT t, from_status, from_health, to_status, to_health, code, reason FROM h_status_changes WHERE sid = ? AND t >= ? ORDER BY t DESC LIMIT ?',
    );
    this.pruneOlder = db.prepare('DELETE FROM h_status_changes WHERE sid = ? AND t < ?');
    this.pruneBeyond = db.prepare(
      `DELETE FROM h_status_changes WHERE sid = ? AND t < coalesce((SELECT t FROM h_status_changes WHERE sid = ? ORDER BY t DESC LIMIT 1 OFFSET ${STATUS_CHANGES_KEPT - 1}), 0)`,
    );
    this.remove = db.prepare('DELETE FROM h_status_changes WHERE sid = ?');
  }

  /** Returns false when a change of that series at that millisecond is already stored. */
  write(sid: number, change: StatusChangeRecord): boolean {
    const reason = change.reason.slice(0, REASON_MAX_CHARS);
    return this.insert.run(sid, change.t, change.from_status, change.from_health, change.to_status, change.to_health, change.code, reason).changes > 0;
  }

  /** Newest first, at or after `since`, at most `limit`. */
  read(sid: number, since: number, limit: number): StatusChangeRecord[] {
    return this.select.all(sid, since, limit) as unknown as StatusChangeRecord[];
  }

  /** Deletes the changes older than `cutoff` (ms) and those beyond the newest STATUS_CHANGES_KEPT. */
  prune(sid: number, cutoff: number): number {
    return Number(this.pruneOlder.run(sid, cutoff).changes) + Number(this.pruneBeyond.run(sid, sid).changes);
  }

  deleteAll(sid: number): void {
    this.remove.run(sid);
  }
}
