import { Injectable, Logger } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import type { AlertNotice } from './alert-notice';

export const OUTBOX_DIR = 'monitoring/alerts/outbox';

/** One notice waiting for one channel. */
export interface OutboxEntry {
  notice: AlertNotice;
  channel: string;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_error: string | null;
  last_attempt_at: string | null;
}

function fileOf(entry: Pick<OutboxEntry, 'channel' | 'notice'>): string {
  return `${OUTBOX_DIR}/${entry.notice.dedupe_key}.${entry.channel}.json`;
}

/**
 * Deliveries not yet accepted by their channel: one file per (notice, channel) in
 * monitoring/alerts/outbox/, written atomically and synced before the alert counts as
 * fired, removed only after the channel accepted it. What a crash leaves there is
 * sent after the restart (at least once; the dedupe key lets receivers drop a repeat).
 * Memory holds the same entries; `sync` lists the folder (names only) to add what
 * another API process on the store wrote and drop what it delivered, and `reload`
 * reads every entry again (a process taking over the store's lease). A sync and a
 * removal never overlap, so a delivered entry is never read back in.
 */
@Injectable()
export class AlertOutbox {
  private readonly logger = new Logger(AlertOutbox.name);
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly exclusive = new KeyedMutex();

  constructor(private readonly store: MetadataManager) {}

  /** Reads every entry on disk into memory, replacing what memory held; the number of entries. */
  async reload(): Promise<number> {
    return this.exclusive.run('folder', async () => {
      const files = await this.store.listFiles(OUTBOX_DIR);
      this.entries.clear();
      for (const file of files) await this.readIn(file);
      return this.entries.size;
    });
  }

  /** Adds the entries written by another process and drops those it removed; known entries are not read again. */
  async sync(): Promise<void> {
    await this.exclusive.run('folder', async () => {
      const files = new Set((await this.store.listFiles(OUTBOX_DIR)).filter((file) => file.endsWith('.json')).map((file) => `${OUTBOX_DIR}/${file}`));
      for (const known of [...this.entries.keys()]) if (!files.has(known)) this.entries.delete(known);
      for (const file of files) if (!this.entries.has(file)) await this.readIn(file.slice(OUTBOX_DIR.length + 1));
    });
  }

  private async readIn(file: string): Promise<void> {
    if (!file.endsWith('.json')) return;
    const entry = await this.store.readJson<OutboxEntry>(`${OUTBOX_DIR}/${file}`).catch(() => undefined);
    if (entry === null) return; // delivered (removed) since the folder was listed
    if (entry?.notice?.dedupe_key && typeof entry.channel === 'string') this.entries.set(fileOf(entry), entry);
    else this.logger.warn(`outbox entry ${file} is unreadable and skipped`);
  }

  /** Writes one entry per channel; resolves when all are on disk. */
  async add(notice: AlertNotice, channels: readonly string[]): Promise<OutboxEntry[]> {
    const now = new Date().toISOString();
    const added: OutboxEntry[] = [];
    for (const channel of channels) {
      const entry: OutboxEntry = { notice, channel, attempts: 0, created_at: now, next_attempt_at: now, last_error: null, last_attempt_at: null };
      await this.store.writeJson(fileOf(entry), entry);
      this.entries.set(fileOf(entry), entry);
      added.push(entry);
    }
    return added;
  }

  pending(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  /** Entries due now, oldest first. */
  due(now = Date.now()): OutboxEntry[] {
    return this.pending()
      .filter((entry) => Date.parse(entry.next_attempt_at) <= now)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** The earliest next attempt, or null when nothing waits. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const entry of this.entries.values()) {
      const at = Date.parse(entry.next_attempt_at);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  async retryLater(entry: OutboxEntry, error: string, delayMs: number): Promise<OutboxEntry> {
    const now = Date.now();
    const next: OutboxEntry = {
      ...entry,
      attempts: entry.attempts + 1,
      last_error: error,
      last_attempt_at: new Date(now).toISOString(),
      next_attempt_at: new Date(now + delayMs).toISOString(),
    };
    await this.store.writeJson(fileOf(next), next);
    this.entries.set(fileOf(next), next);
    return next;
  }

  async remove(entry: OutboxEntry): Promise<void> {
    await this.exclusive.run('folder', async () => {
      await this.store.deleteFile(fileOf(entry));
      this.entries.delete(fileOf(entry));
    });
  }
}
