import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileStamp, MetadataManager } from '@ipfs-kit/metadata';
import { join } from 'node:path';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { AlertHistory } from './alert-history';
import { ALERTS_CONFIG_FILE, AlertsConfigStore } from './alerts-config.store';
import { FIRING_FILE, FiringAlerts } from './firing-alerts.store';

/**
 * What the alerts read again when another API process on the store changed it.
 * - Taking the store's lease over (`readAgain`): the alerts config, the firing alerts,
 *   the history and delivery log, all of them; the dispatcher starts it, and it and the
 *   evaluator wait for it (`settled`) before they send, evaluate or remind.
 * - Meanwhile (`readChanged`, from the dispatcher's 2-second tick; one stat per file):
 *   the alerts config when its file changed (a channel or rule made through the other
 *   process), and on a standby the firing alerts too, for its answers (the holder is
 *   the only one firing, and never reads its own firing file back), and the lines the
 *   holder appended to the history and delivery log (read by offset, only the new ones).
 */
@Injectable()
export class AlertsRereads {
  private readonly logger = new Logger(AlertsRereads.name);
  private reading: Promise<void> = Promise.resolve();
  private readonly seen = new Map<string, string | null>();

  constructor(
    private readonly config: AlertsConfigStore,
    private readonly firing: FiringAlerts,
    private readonly history: AlertHistory,
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** Starts reading everything again (once per takeover). */
  readAgain(): void {
    this.reading = Promise.all([this.config.load(), this.firing.load(), this.history.load()]).then(
      () => this.logger.log('alerts config, firing alerts and history read again after taking over the lease'),
      (error: unknown) => this.logger.error(`reading the alerts again after taking over the lease failed: ${this.store.redactText(String((error as Error).message))}`),
    );
  }

  /** Resolves when the last reading is done (at once when none ran). */
  settled(): Promise<void> {
    return this.reading;
  }

  /** Reads again the config (and, on a standby, the firing alerts) if its file changed since the last look; a standby follows the history. */
  async readChanged(held: boolean): Promise<void> {
    await this.reading;
    if (await this.changed(ALERTS_CONFIG_FILE)) await this.config.load();
    if (held) return;
    if (await this.changed(FIRING_FILE)) await this.firing.load();
    await this.history.follow();
  }

  /**
   * True when the file's stamp differs from the last look (a write of any process, atomic:
   * a new inode, changes it; the first look only records it). Unreadable counts as absent.
   */
  private async changed(file: string): Promise<boolean> {
    const now = await fileStamp(join(this.settings.home, file)).catch(() => null);
    const known = this.seen.has(file);
    const before = this.seen.get(file);
    this.seen.set(file, now);
    return known && now !== null && now !== before;
  }
}
