import { Injectable, Logger } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { AlertHistory } from './alert-history';
import { AlertsConfigStore } from './alerts-config.store';
import { FiringAlerts } from './firing-alerts.store';

/**
 * What a standby API process reads again when it takes the store's lease over: the
 * former holder changed the alerts config, fired and resolved alerts and wrote the
 * history and delivery log since this process read them at its start. The dispatcher
 * starts the reading when the lease is taken; it and the evaluator wait for it before
 * they send or evaluate.
 */
@Injectable()
export class AlertsTakeover {
  private readonly logger = new Logger(AlertsTakeover.name);
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AlertsConfigStore,
    private readonly firing: FiringAlerts,
    private readonly history: AlertHistory,
    private readonly store: MetadataManager,
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
}
