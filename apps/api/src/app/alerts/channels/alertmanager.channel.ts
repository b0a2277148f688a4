import type { AlertNotice } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

/** The postableAlert of Alertmanager's v2 API for a notice; a resolution ends it now. */
export function postableAlert(notice: AlertNotice, generatorUrl: string | null): Record<string, unknown> {
  return {
    labels: {
      alertname: notice.rule,
      service: notice.service,
      ...(notice.service_type ? { service_type: notice.service_type } : {}),
      condition: notice.condition,
      source: 'ipfs-kit',
    },
    annotations: { summary: notice.message, status: notice.status, started_at: notice.started_at },
    startsAt: notice.started_at,
    ...(notice.status === 'resolved' ? { endsAt: notice.resolved_at ?? notice.at } : {}),
    ...(generatorUrl ? { generatorURL: generatorUrl } : {}),
  };
}

/** Prometheus Alertmanager: POST <url>/api/v2/alerts with one postable alert; a bearer token is a secret. */
export const alertmanagerChannel: ChannelKind = {
  type: 'alertmanager',
  fields: ['url', 'bearer_token', 'generator_url'],
  secretFields: ['bearer_token'],
  validate: (config) =>
    new ConfigCheck(config, alertmanagerChannel.fields).httpUrl('url').text('bearer_token', { max: 1024 }).httpUrl('generator_url', false)
      .problems,
  async send(config, notice, { timeoutMs }) {
    const base = textOf(config, 'url').replace(/\/+$/, '');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (textOf(config, 'bearer_token')) headers['Authorization'] = `Bearer ${textOf(config, 'bearer_token')}`;
    const body = JSON.stringify([postableAlert(notice, textOf(config, 'generator_url') || null)]);
    await deliverHttp(`${base}/api/v2/alerts`, body, headers, timeoutMs);
  },
};
