import type { StatusChangeRecord } from './history-status-changes';

/** Most unwritten status changes kept per subject while the database refuses writes; older ones are dropped (and counted). */
export const PENDING_CHANGES_KEPT = 100;

/** What a failed write gave back: how many changes were dropped beyond PENDING_CHANGES_KEPT, per subject. */
export interface RequeueOutcome {
  kept: number;
  dropped: Map<string, number>;
}

/**
 * The status changes not yet in the database, per subject, in the order they happened.
 * A change only waits here for the next batch (a few seconds); when a batch fails (a
 * full disk, a locked database) its changes come back with their times and stay until a
 * batch succeeds, at most PENDING_CHANGES_KEPT per subject. Reads merge them in, so an
 * answer never misses a change the database has not taken yet. No I/O here.
 */
export class PendingStatusChanges {
  private bySubject = new Map<string, StatusChangeRecord[]>();
  /** The time of the latest change queued per subject: two changes in one millisecond keep their order. */
  private readonly lastAt = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Queues a change; one in the same millisecond as the previous one of its subject is moved one millisecond on. */
  add(subject: string, change: StatusChangeRecord): void {
    const t = Math.max(change.t, (this.lastAt.get(subject) ?? -1) + 1);
    this.lastAt.set(subject, t);
    const queued = this.bySubject.get(subject);
    if (queued) queued.push({ ...change, t });
    else this.bySubject.set(subject, [{ ...change, t }]);
    this.count += 1;
  }

  /** Hands over every queued change (to be written) and empties the queue. */
  take(): Map<string, StatusChangeRecord[]> {
    const taken = this.bySubject;
    this.bySubject = new Map();
    this.count = 0;
    return taken;
  }

  /**
   * Puts back the changes of a failed write, before any queued since, keeping the newest
   * PENDING_CHANGES_KEPT per subject.
   */
  requeue(failed: Map<string, StatusChangeRecord[]>): RequeueOutcome {
    const dropped = new Map<string, number>();
    for (const [subject, changes] of failed) {
      const later = this.bySubject.get(subject) ?? [];
      let all = changes.concat(later);
      if (all.length > PENDING_CHANGES_KEPT) {
        dropped.set(subject, all.length - PENDING_CHANGES_KEPT);
        all = all.slice(-PENDING_CHANGES_KEPT);
      }
      this.count += all.length - later.length;
      this.bySubject.set(subject, all);
    }
    return { kept: this.count, dropped };
  }

  /** How many changes are queued per subject. */
  counts(): Map<string, number> {
    return new Map([...this.bySubject].map(([subject, changes]) => [subject, changes.length]));
  }

  /** A subject's queued changes at or after `since`, oldest first. */
  of(subject: string, since: number): StatusChangeRecord[] {
    return (this.bySubject.get(subject) ?? []).filter((change) => change.t >= since);
  }

  /** Forgets a subject (a removed service). */
  delete(subject: string): void {
    this.count -= this.bySubject.get(subject)?.length ?? 0;
    this.bySubject.delete(subject);
    this.lastAt.delete(subject);
  }
}

/** Counts per subject for a log line: `lake: 2, other: 1`, the first 10 subjects (never a reason). */
export function subjectCounts(counts: Map<string, number>): string {
  const shown = [...counts].slice(0, 10).map(([subject, n]) => `${subject}: ${n}`);
  return `${shown.join(', ')}${counts.size > 10 ? ', ...' : ''}`;
}

/**
 * The newest `limit` of stored changes (newest first) and queued ones (oldest first),
 * newest first; a queued change at the time of a stored one is the stored one (the
 * database ignores a second row at that time).
 */
export function mergeNewestFirst(stored: StatusChangeRecord[], queued: StatusChangeRecord[], limit: number): StatusChangeRecord[] {
  if (queued.length === 0) return stored;
  const times = new Set(stored.map((change) => change.t));
  const merged = stored.concat(queued.filter((change) => !times.has(change.t)));
  merged.sort((a, b) => b.t - a.t);
  return merged.slice(0, limit);
}
