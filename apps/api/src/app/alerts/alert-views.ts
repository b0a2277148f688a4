import type { DeliveryDto, AlertHistoryEntryDto } from './alert-history.dto';
import type { HistoryEntry, DeliveryRecord } from './alert-history';
import type { AlertChannel } from './alerts-config.store';
import type { ChannelDto } from './alert-channel.dto';
import type { OutboxEntry } from './alert-outbox';
import { CHANNEL_KINDS } from './channel-kinds';

/** A channel as answered: secret fields left out, only whether each is set. */
export function channelView(channel: AlertChannel): ChannelDto {
  const secretFields = CHANNEL_KINDS[channel.type].secretFields;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(channel.config)) if (!secretFields.includes(key)) config[key] = value;
  const secrets: Record<string, 'set' | 'not set'> = {};
  for (const field of secretFields) secrets[field] = typeof channel.config[field] === 'string' && channel.config[field] !== '' ? 'set' : 'not set';
  return { name: channel.name, type: channel.type, config, secrets, updated_at: channel.updated_at };
}

/** A history line with the state of each of its deliveries (outbox: pending; log: delivered or dropped). */
export function historyView(entry: HistoryEntry, records: readonly DeliveryRecord[], pending: ReadonlyMap<string, OutboxEntry>): AlertHistoryEntryDto {
  const deliveries: DeliveryDto[] = entry.channels.map((channel) => {
    const waiting = pending.get(`${entry.notice.dedupe_key}.${channel}`);
    const mine = records.filter((record) => record.channel === channel);
    const final = mine.find((record) => record.state !== 'failed_attempt');
    const last = mine[mine.length - 1];
    if (final && !waiting) {
      return {
        channel,
        state: final.state === 'delivered' ? 'delivered' : 'dropped',
        attempts: final.attempts,
        last_error: final.error ?? last?.error ?? null,
        next_attempt_at: null,
        delivered_at: final.state === 'delivered' ? final.at : null,
      };
    }
    return {
      channel,
      state: 'pending',
      attempts: waiting?.attempts ?? last?.attempts ?? 0,
      last_error: waiting?.last_error ?? last?.error ?? null,
      next_attempt_at: waiting?.next_attempt_at ?? null,
      delivered_at: null,
    };
  });
  return { ...entry.notice, deliveries };
}
