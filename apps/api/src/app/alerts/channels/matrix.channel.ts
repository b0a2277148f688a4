import { noticeText } from '../alert-notice';
import { ConfigCheck, textOf } from '../channel-config';
import { deliverHttp } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

const ROOM_ID = /^![^:\s]+:[^\s]+$/;

/**
 * A Matrix room message through the client-server API:
 * PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}. The transaction id
 * is the dedupe key, so the homeserver itself drops a repeated delivery. The access token is a secret.
 */
export const matrixChannel: ChannelKind = {
  type: 'matrix',
  fields: ['homeserver_url', 'room_id', 'access_token'],
  secretFields: ['access_token'],
  validate: (config) =>
    new ConfigCheck(config, matrixChannel.fields)
      .httpUrl('homeserver_url')
      .text('room_id', { required: true, pattern: ROOM_ID, hint: 'must be a room id like !abc:example.org' })
      .text('access_token', { required: true, max: 1024 }).problems,
  async send(config, notice, { timeoutMs }) {
    const server = textOf(config, 'homeserver_url').replace(/\/+$/, '');
    const room = encodeURIComponent(textOf(config, 'room_id'));
    const url = `${server}/_matrix/client/v3/rooms/${room}/send/m.room.message/${encodeURIComponent(notice.dedupe_key)}`;
    const body = JSON.stringify({ msgtype: 'm.text', body: noticeText(notice) });
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${textOf(config, 'access_token')}` };
    await deliverHttp(url, body, headers, timeoutMs, 'PUT');
  },
};
