import { Inject, Injectable, Logger } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { join } from 'node:path';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import type { AlertNotice } from './alert-notice';
import { JsonLinesFollower } from './json-lines-follower';

export const HISTORY_FILE = 'monitoring/alerts/history.jsonl';
export const DELIVERY_LOG_FILE = 'monitoring/alerts/deliveries.jsonl';
/** Notices answered from memory; the files are cut back to this many when they grow to KEEP * 4 lines. */
export const KEEP = 2000;

export type DeliveryState = 'pending' | 'delivered' | 'dropped';

/** One line of the history: a notice and the channels it went to. */
export interface HistoryEntry {
  notice: AlertNotice;
  channels: string[];
}

/** One line of the delivery log. */
export interface DeliveryRecord {
  dedupe_key: string;
  channel: string;
  state: 'delivered' | 'dropped' | 'failed_attempt';
  attempts: number;
  at: string;
  error: string | null;
}

/**
 * The alert history (every notice made) and the delivery log (every accepted, dropped
 * or failed delivery): JSON Lines files under monitoring/alerts/, the latest KEEP of
 * each in memory for the API. A standby API process follows what the lease holder
 * appends (`follow`, read by offset: only the new lines), so its answers stay current.
 */
@Injectable()
export class AlertHistory {
  private readonly logger = new Logger(AlertHistory.name);
  private notices: HistoryEntry[] = [];
  private deliveries = new Map<string, DeliveryRecord[]>();
  private noticeLines = 0;
  private deliveryLines = 0;
  private readonly noticeLog: JsonLinesFollower;
  private readonly deliveryLog: JsonLinesFollower;
  /** Whether this process appended since its last look at the files (then the next look reads them whole, not its own lines twice). */
  private wrote = false;

  constructor(
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) settings: ApiSettings,
  ) {
    this.noticeLog = new JsonLinesFollower(join(settings.home, HISTORY_FILE));
    this.deliveryLog = new JsonLinesFollower(join(settings.home, DELIVERY_LOG_FILE));
  }

  /** Reads both files into memory, replacing what memory held (at start, and when this process takes the store's lease over). */
  async load(): Promise<void> {
    this.noticeLog.reset();
    this.deliveryLog.reset();
    await this.follow();
  }

  /** Adds what another process appended to the files since the last look (all of them again when one was replaced). */
  async follow(): Promise<void> {
    if (this.wrote) {
      this.wrote = false;
      this.noticeLog.reset();
      this.deliveryLog.reset();
    }
    const notices = await this.look<HistoryEntry>(this.noticeLog, HISTORY_FILE);
    if (notices.whole) {
      this.notices = [];
      this.noticeLines = 0;
    }
    const added = notices.items.filter((entry) => entry?.notice?.dedupe_key);
    this.noticeLines += added.length;
    this.notices.push(...added.slice(-KEEP));
    if (this.notices.length > KEEP) this.notices.splice(0, this.notices.length - KEEP);
    const records = await this.look<DeliveryRecord>(this.deliveryLog, DELIVERY_LOG_FILE);
    if (records.whole) {
      this.deliveries = new Map();
      this.deliveryLines = 0;
    }
    this.deliveryLines += records.items.length;
    for (const record of records.items.slice(-KEEP * 4)) this.index(record);
  }

  async addNotice(notice: AlertNotice, channels: readonly string[]): Promise<void> {
    const entry: HistoryEntry = { notice, channels: [...channels] };
    this.wrote = true;
    await this.store.appendLine(HISTORY_FILE, JSON.stringify(entry));
    this.notices.push(entry);
    if (this.notices.length > KEEP) this.notices.splice(0, this.notices.length - KEEP);
    this.noticeLines += 1;
    if (this.noticeLines > KEEP * 4) this.noticeLines = await this.cut(HISTORY_FILE, this.notices);
  }

  async addDelivery(record: DeliveryRecord): Promise<void> {
    this.wrote = true;
    await this.store.appendLine(DELIVERY_LOG_FILE, JSON.stringify(record));
    this.index(record);
    this.deliveryLines += 1;
    if (this.deliveryLines > KEEP * 16) {
      const kept = [...this.deliveries.values()].flat().sort((a, b) => a.at.localeCompare(b.at));
      this.deliveryLines = await this.cut(DELIVERY_LOG_FILE, kept);
    }
  }

  /** Newest first. */
  list(filter: { service?: string; rule?: string; limit: number }): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (let i = this.notices.length - 1; i >= 0 && out.length < filter.limit; i -= 1) {
      const entry = this.notices[i];
      if (filter.service && entry.notice.service !== filter.service) continue;
      if (filter.rule && entry.notice.rule !== filter.rule) continue;
      out.push(entry);
    }
    return out;
  }

  deliveriesOf(dedupeKey: string): DeliveryRecord[] {
    return this.deliveries.get(dedupeKey) ?? [];
  }

  private index(record: DeliveryRecord): void {
    const list = this.deliveries.get(record.dedupe_key) ?? [];
    list.push(record);
    this.deliveries.set(record.dedupe_key, list.slice(-20));
    if (this.deliveries.size > KEEP * 2) {
      const oldest = this.deliveries.keys().next().value;
      if (oldest !== undefined) this.deliveries.delete(oldest);
    }
  }

  /** The parsed lines of a look at a file (none when it cannot be read: logged, memory kept, read whole at the next look). */
  private async look<T>(log: JsonLinesFollower, file: string): Promise<{ whole: boolean; items: T[] }> {
    const found = await log.read().catch((error: unknown) => {
      this.logger.warn(`cannot read ${file}: ${this.store.redactText(String((error as Error).message))}`);
      log.reset();
      return { whole: false, lines: [] };
    });
    const items: T[] = [];
    for (const line of found.lines) {
      try {
        items.push(JSON.parse(line) as T);
      } catch {
        this.logger.warn(`unreadable line in ${file} skipped`);
      }
    }
    return { whole: found.whole, items };
  }

  /** Rewrites a log with only what memory keeps (atomically). */
  private async cut(file: string, kept: readonly unknown[]): Promise<number> {
    await this.store.writeText(file, kept.map((item) => JSON.stringify(item)).join('\n') + (kept.length > 0 ? '\n' : ''));
    return kept.length;
  }
}
