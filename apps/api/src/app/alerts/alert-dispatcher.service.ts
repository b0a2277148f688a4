import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { Semaphore } from '../common/semaphore';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { AlertHistory } from './alert-history';
import type { AlertNotice } from './alert-notice';
import { AlertOutbox, type OutboxEntry } from './alert-outbox';
import { AlertsConfigStore, type AlertChannel } from './alerts-config.store';
import { CHANNEL_KINDS } from './channel-kinds';

/** Wait before attempt n+1 after n failed attempts: 1 s, 2 s, 4 s ... up to `maxS`. */
export function retryDelayMs(failedAttempts: number, maxS: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failedAttempts - 1), maxS * 1000);
}

/**
 * Sends what the outbox holds: at most 4 deliveries at once, each with a timeout; an
 * accepted one leaves the outbox and goes to the delivery log, a refused one waits
 * with back-off and is tried again, for as long as its channel exists (a channel
 * outage loses nothing). Started after the outbox is read back, so deliveries a crash
 * interrupted go out first.
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDispatcher.name);
  private readonly slots = new Semaphore(4);
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ready = false;

  constructor(
    private readonly outbox: AlertOutbox,
    private readonly history: AlertHistory,
    private readonly config: AlertsConfigStore,
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.history.load();
    const waiting = await this.outbox.load();
    if (waiting > 0) this.logger.log(`${waiting} alert deliveries waiting in the outbox`);
    this.ready = true;
    this.kick();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Sends what is due now and sets the timer for the next due entry. */
  kick(): void {
    if (!this.ready || this.stopped) return;
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
