import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, Matches } from 'class-validator';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { NAME_MESSAGE } from '../services/services.dto';
import { CHANNEL_TYPES, type ChannelType } from './channel-kind';

const CONFIG_DESCRIPTION =
  'Fields per type: webhook {url, secret?}; slack/mattermost {url, username?, channel?}; discord {url, username?}; ' +
  'ntfy {url, topic, token?, priority?}; email {host, port?, secure?, starttls?, username?, password?, from, to, ca_cert?}; ' +
  'matrix {homeserver_url, room_id, access_token}; alertmanager {url, bearer_token?, generator_url?}. ' +
  'Secret fields (webhook secret, chat webhook URLs, ntfy token, SMTP password, Matrix access token, Alertmanager bearer token) are stored encrypted and never answered; ' +
  'left out of a replacement, they keep their value.';

/** PUT /api/alerts/channels/{name}: the channel's new type and config. */
export class ChannelBodyDto {
  @ApiProperty({ enum: CHANNEL_TYPES, example: 'webhook' })
  @IsString()
  @IsIn(CHANNEL_TYPES, { message: `type must be one of ${CHANNEL_TYPES.join(', ')}` })
  type!: ChannelType;

  @ApiProperty({ type: 'object', additionalProperties: true, description: CONFIG_DESCRIPTION, example: { url: 'https://hooks.example.org/ipfs-kit', secret: 'a-long-signing-secret' } })
  @IsObject()
  config!: Record<string, unknown>;
}

/** POST /api/alerts/channels. */
export class CreateChannelDto extends ChannelBodyDto {
  @ApiProperty({ example: 'ops-webhook', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;
}

export class ChannelDto {
  @ApiProperty({ example: 'ops-webhook' })
  name!: string;

  @ApiProperty({ enum: CHANNEL_TYPES })
  type!: ChannelType;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The config without its secret fields.' })
  config!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['set', 'not set'] }, example: { secret: 'set' } })
  secrets!: Record<string, 'set' | 'not set'>;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  updated_at!: string;
}

export class ChannelListDto {
  @ApiProperty({ type: [ChannelDto] })
  channels!: ChannelDto[];

  @ApiProperty({ enum: CHANNEL_TYPES, isArray: true })
  types!: ChannelType[];
}

export class ChannelTestResultDto {
  @ApiProperty()
  success!: boolean;

  @ApiProperty({ example: 'Test message accepted by ops-webhook' })
  message!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'HTTP 503' })
  error!: string | null;
}
