import { createHmac } from 'node:crypto';
import type { AlertNotice } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

export const SIGNATURE_HEADER = 'X-Ipfs-Kit-Signature-256';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the channel's secret. */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** The generic webhook: the notice as JSON, signed when the channel has a secret. */
export const webhookChannel: ChannelKind = {
  type: 'webhook',
  fields: ['url', 'secret'],
  secretFields: ['secret'],
  validate: (config) => new ConfigCheck(config, webhookChannel.fields).httpUrl('url').text('secret', { max: 1024 }).problems,
  async send(config, notice: AlertNotice, { timeoutMs }) {
    const body = JSON.stringify(notice);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'ipfs-kit-alerts',
      'X-Ipfs-Kit-Dedupe-Key': notice.dedupe_key,
    };
    const secret = textOf(config, 'secret');
    if (secret) headers[SIGNATURE_HEADER] = signBody(secret, body);
    await deliverHttp(textOf(config, 'url'), body, headers, timeoutMs);
  },
};
