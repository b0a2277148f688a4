import { noticeTitle } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

/** ntfy: the message as the body of POST <server>/<topic>, title, priority and tags as headers. */
export const ntfyChannel: ChannelKind = {
  type: 'ntfy',
  fields: ['url', 'topic', 'token', 'priority'],
  secretFields: ['token'],
  validate: (config) =>
    new ConfigCheck(config, ntfyChannel.fields)
      .httpUrl('url')
      .text('topic', { required: true, pattern: TOPIC, hint: 'must be 1-64 letters, digits, "-" or "_"' })
      .text('token', { max: 1024 })
      .integer('priority', 1, 5).problems,
  async send(config, notice, { timeoutMs }) {
    const headers: Record<string, string> = {
      Title: noticeTitle(notice),
      Priority: String(config['priority'] ?? (notice.status === 'firing' ? 4 : 3)),
      Tags: notice.status === 'firing' ? 'warning' : 'white_check_mark',
      'Content-Type': 'text/plain; charset=utf-8',
    };
    if (textOf(config, 'token')) headers['Authorization'] = `Bearer ${textOf(config, 'token')}`;
    const server = textOf(config, 'url').replace(/\/+$/, '');
    await deliverHttp(`${server}/${textOf(config, 'topic')}`, notice.message, headers, timeoutMs);
  },
};
