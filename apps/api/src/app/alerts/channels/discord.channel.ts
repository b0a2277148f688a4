import { noticeText } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

/** A Discord webhook: `{content}` (at most 2000 characters); the URL carries the token, so it is a secret. */
export const discordChannel: ChannelKind = {
  type: 'discord',
  fields: ['url', 'username'],
  secretFields: ['url'],
  validate: (config) => new ConfigCheck(config, discordChannel.fields).httpUrl('url').text('username', { max: 80 }).problems,
  async send(config, notice, { timeoutMs }) {
    const body: Record<string, unknown> = { content: noticeText(notice).slice(0, 2000), allowed_mentions: { parse: [] } };
    if (textOf(config, 'username')) body['username'] = textOf(config, 'username');
    await deliverHttp(textOf(config, 'url'), JSON.stringify(body), { 'Content-Type': 'application/json' }, timeoutMs);
  },
};
