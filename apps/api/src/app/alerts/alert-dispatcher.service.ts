import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { Semaphore } from '../common/semaphore';
import { StoreLease } from '../lease/store-lease.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { AlertHistory } from './alert-history';
import type { AlertNotice } from './alert-notice';
import { AlertOutbox, type OutboxEntry } from './alert-outbox';
import { AlertsConfigStore, type AlertChannel } from './alerts-config.store';
import { AlertsRereads } from './alerts-rereads';
import { CHANNEL_KINDS } from './channel-kinds';

/** Wait before attempt n+1 after n failed attempts: 1 s, 2 s, 4 s ... up to `maxS`. */
export function retryDelayMs(failedAttempts: number, maxS: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failedAttempts - 1), maxS * 1000);
}

/** How often the outbox folder is listed for entries another API process on the store wrote or delivered. */
export const OUTBOX_SYNC_MS = 2000;

/**
 * Sends what the outbox holds: at most 4 deliveries at once, each with a timeout; an
 * accepted one leaves the outbox and goes to the delivery log, a refused one waits
 * with back-off and is tried again, for as long as its channel exists (a channel
 * outage loses nothing). Started after the outbox is read back, so deliveries a crash
 * interrupted go out first. Only the API process holding the store's lease sends: a
 * standby keeps its view of the outbox current (for its answers) and, when it takes
 * the lease over, reads the alerts again (AlertsRereads) and the outbox, and sends
 * what the former holder left.
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDispatcher.name);
  private readonly slots = new Semaphore(4);
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ready = false;
  /** Whether the outbox was read again since this process took the lease. */
  private sending = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncing = false;
  private syncAgain = false;

  constructor(
    private readonly outbox: AlertOutbox,
    private readonly history: AlertHistory,
    private readonly config: AlertsConfigStore,
    private readonly store: MetadataManager,
    private readonly lease: StoreLease,
    private readonly rereads: AlertsRereads,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.history.load();
    this.ready = true;
    await this.sync();
    this.syncTimer = setInterval(() => void this.sync(), OUTBOX_SYNC_MS);
    this.syncTimer.unref();
    const heldAtStart = this.lease.isHeld();
    this.lease.whenHeld(() => {
      if (!heldAtStart) this.rereads.readAgain();
      void this.sync();
    });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.syncTimer) clearInterval(this.syncTimer);
  }

  /**
   * Brings the alerts up to what another process changed (AlertsRereads) and the
   * outbox up to what is on disk: all of it again when this process has just taken
   * the lease (the former holder delivered some, retried others), else the entries
   * written or delivered by another process; then sends what is due.
   */
  private async sync(): Promise<void> {
    if (this.stopped) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      const held = this.lease.isHeld();
      await this.rereads.readChanged(held);
      if (held && !this.sending) {
        await this.rereads.settled();
        const waiting = await this.outbox.reload();
        this.sending = true;
        if (waiting > 0) this.logger.log(`${waiting} alert deliveries waiting in the outbox`);
      } else {
        if (!held) this.sending = false;
        await this.outbox.sync();
      }
      this.kick();
    } catch (error) {
      this.logger.warn(`the alert outbox could not be read: ${this.store.redactText((error as Error).message)}`);
    } finally {
      this.syncing = false;
    }
    if (this.syncAgain) {
      this.syncAgain = false;
      await this.sync();
    }
  }

  /** Sends what is due now and sets the timer for the next due entry (the lease holder only). */
  kick(): void {
    if (!this.ready || this.stopped || !this.sending || !this.lease.isHeld()) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const entry of this.outbox.due()) {
      const id = `${entry.notice.dedupe_key}.${entry.channel}`;
      if (this.inFlight.has(id)) continue;
      this.inFlight.add(id);
      void this.slots
        .run(() => this.attempt(entry))
        .catch((error: unknown) => this.logger.error(`alert delivery bookkeeping failed: ${this.store.redactText((error as Error).message)}`))
        .finally(() => {
          this.inFlight.delete(id);
          this.kick();
        });
    }
    const next = this.outbox.nextDueAt();
    if (next !== null) {
      const wait = next - Date.now();
      // Entries due now are all in flight: look again a little later (their end also kicks).
      this.timer = setTimeout(() => this.kick(), wait > 0 ? Math.max(100, wait) : 1000);
      this.timer.unref();
    }
  }

  /** Sends one notice to one channel now, outside the outbox (the test button). */
  async sendNow(channel: AlertChannel, notice: AlertNotice): Promise<void> {
    await CHANNEL_KINDS[channel.type].send(channel.config, notice, { timeoutMs: this.settings.alerts.sendTimeoutMs });
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    if (this.stopped) return;
    const channel = this.config.findChannel(entry.channel);
    const at = () => new Date().toISOString();
    if (!channel) {
      await this.outbox.remove(entry);
      await this.history.addDelivery({ dedupe_key: entry.notice.dedupe_key, channel: entry.channel, state: 'dropped', attempts: entry.attempts, at: at(), error: 'channel removed' });
      return;
    }
    try {
      await this.sendNow(channel, entry.notice);
    } catch (error) {
      const message = this.store.redactText(String((error as Error).message)).slice(0, 300);
      const next = await this.outbox.retryLater(entry, message, retryDelayMs(entry.attempts + 1, this.settings.alerts.maxRetryDelayS));
      await this.history.addDelivery({ dedupe_key: entry.notice.dedupe_key, channel: entry.channel, state: 'failed_attempt', attempts: next.attempts, at: at(), error: message });
      this.logger.warn(`alert ${entry.notice.dedupe_key} to channel ${entry.channel}: attempt ${next.attempts} failed (${message}); next at ${next.next_attempt_at}`);
      return;
    }
    await this.outbox.remove(entry);
    await this.history.addDelivery({ dedupe_key: entry.notice.dedupe_key, channel: entry.channel, state: 'delivered', attempts: entry.attempts + 1, at: at(), error: null });
  }
}
