import { IsArray, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

/** A Synapse Matrix homeserver: client-server API plus, with an admin's token, the admin API. */
export class SynapseConfig extends CommonServiceConfig {
  @ConfigField({
    description: 'Base URL of the homeserver (client API and /_synapse/admin on the same listener).',
    required: true,
    example: 'http://127.0.0.1:8008',
  })
  @IsHttpUrl()
  homeserver_url!: string;

  @ConfigField({
    description: 'Access token of a server admin (needed for media statistics); sent as "Authorization: Bearer".',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  access_token?: string;

  @ConfigField({
    description:
      'Executable that runs Synapse in the foreground, supervised (PID file, log, restart after crashes); leave empty to attach to a running homeserver.',
    example: '/usr/bin/python3',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  binary?: string;

  @ConfigField({
    description: 'Arguments for the binary; they are logged, so no secrets here.',
    type: 'string[]',
    example: ['-m', 'synapse.app.homeserver', '--config-path', '/etc/matrix-synapse/homeserver.yaml'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  args?: string[];
}
