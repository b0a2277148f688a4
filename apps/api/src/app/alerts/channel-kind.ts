import type { JsonObject } from '@ipfs-kit/metadata';
import type { FieldProblem } from '../http/error-response';
import type { AlertNotice } from './alert-notice';

export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'mattermost', 'ntfy', 'email', 'matrix', 'alertmanager'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface SendContext {
  timeoutMs: number;
}

/**
 * One kind of channel: which config fields it takes (and which of them are secrets,
 * stored encrypted and never answered), how to check them, and how to deliver a notice.
 * `send` resolves when the peer accepted the message and throws otherwise, with a
 * message that holds no secret (no URL of a chat webhook, no token).
 */
export interface ChannelKind {
  readonly type: ChannelType;
  readonly fields: readonly string[];
  readonly secretFields: readonly string[];
  validate(config: Readonly<Record<string, unknown>>): FieldProblem[];
  send(config: JsonObject, notice: AlertNotice, context: SendContext): Promise<void>;
}
