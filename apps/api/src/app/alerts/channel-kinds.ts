import { alertmanagerChannel } from './channels/alertmanager.channel';
import { discordChannel } from './channels/discord.channel';
import { emailChannel } from './channels/email.channel';
import { matrixChannel } from './channels/matrix.channel';
import { mattermostChannel } from './channels/mattermost.channel';
import { ntfyChannel } from './channels/ntfy.channel';
import { slackChannel } from './channels/slack.channel';
import { webhookChannel } from './channels/webhook.channel';
import type { ChannelKind, ChannelType } from './channel-kind';

/** Every channel kind by type. */
export const CHANNEL_KINDS: Readonly<Record<ChannelType, ChannelKind>> = {
  webhook: webhookChannel,
  slack: slackChannel,
  discord: discordChannel,
  mattermost: mattermostChannel,
  ntfy: ntfyChannel,
  email: emailChannel,
  matrix: matrixChannel,
  alertmanager: alertmanagerChannel,
};
