import { Injectable } from '@nestjs/common';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertHistory } from './alert-history';
import type { AlertNotice } from './alert-notice';
import { AlertOutbox } from './alert-outbox';

/** Hands a notice to its channels: outbox first (on disk before anything else), then the history, then a wake-up of the dispatcher. */
@Injectable()
export class AlertNotifier {
  constructor(
    private readonly outbox: AlertOutbox,
    private readonly history: AlertHistory,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  async notify(notice: AlertNotice, channels: readonly string[]): Promise<void> {
    await this.outbox.add(notice, channels);
    await this.history.addNotice(notice, channels);
    this.dispatcher.kick();
  }
}
