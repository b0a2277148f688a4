import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { withSupervisedDaemonFields } from '../daemon/supervised-daemon.config';
import { IsHttpUrl } from '../http/is-http-url.validator';

/** None: Synapse is started through Python (`python3 -m synapse.app.homeserver ...`), all of it in args. */
export const SYNAPSE_DEFAULT_DAEMON_ARGS: readonly string[] = [];

/** A Synapse Matrix homeserver: client-server API plus, with an admin's token, the admin API. */
class SynapseServerConfig extends CommonServiceConfig {
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
}

/**
 * A Synapse homeserver: the client and admin API fields above, then the
 * supervised-daemon fields every daemon type shares (binary, args, env, cwd,
 * start_timeout_ms, stop_grace_ms, restart_on_crash) to run Synapse under the API's
 * supervision. Synapse has no single executable: `binary` is usually python3 with
 * `-m synapse.app.homeserver` in args, so there are no default arguments.
 */
export class SynapseConfig extends withSupervisedDaemonFields(SynapseServerConfig, {
  executable: 'Executable that runs Synapse in the foreground (e.g. python3, with -m synapse.app.homeserver in args)',
  binaryExample: '/usr/bin/python3',
  attachTo: 'a homeserver that runs elsewhere',
  defaultArgs: SYNAPSE_DEFAULT_DAEMON_ARGS,
  argsExample: ['-m', 'synapse.app.homeserver', '--config-path', '/etc/matrix-synapse/homeserver.yaml'],
  envExample: { SYNAPSE_CACHE_FACTOR: '2.0' },
  cwdExample: '/var/lib/matrix-synapse',
}) {}
