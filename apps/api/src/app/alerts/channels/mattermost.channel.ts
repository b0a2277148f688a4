import { noticeText } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

/** A Mattermost incoming webhook (Slack-compatible `{text, username, channel}`); the URL is a secret. */
export const mattermostChannel: ChannelKind = {
  type: 'mattermost',
  fields: ['url', 'username', 'channel'],
  secretFields: ['url'],
  validate: (config) =>
    new ConfigCheck(config, mattermostChannel.fields).httpUrl('url').text('username', { max: 80 }).text('channel', { max: 80 }).problems,
  async send(config, notice, { timeoutMs }) {
    const body: Record<string, string> = { text: noticeText(notice) };
    if (textOf(config, 'username')) body['username'] = textOf(config, 'username');
    if (textOf(config, 'channel')) body['channel'] = textOf(config, 'channel');
    await deliverHttp(textOf(config, 'url'), JSON.stringify(body), { 'Content-Type': 'application/json' }, timeoutMs);
  },
};
