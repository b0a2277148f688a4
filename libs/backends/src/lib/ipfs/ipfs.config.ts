import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHost } from '../validation/host.validator';
import { withSupervisedDaemonFields } from '../daemon/supervised-daemon.config';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const IPFS_DEFAULT_HOST = '127.0.0.1';
export const IPFS_DEFAULT_PORT = 5001;
export const IPFS_DEFAULT_GATEWAY_PORT = 8080;
export const IPFS_DEFAULT_DAEMON_ARGS: readonly string[] = ['daemon'];
export const IPFS_DEFAULT_MAX_PINS_COUNTED = 100_000;

/** A host name or an IP address, without scheme, port or path. */

/** Where the node's Kubo RPC API answers. */
class IpfsApiConfig extends CommonServiceConfig {
  @ConfigField({ description: 'Host of the RPC API (Addresses.API).', default: IPFS_DEFAULT_HOST, example: '127.0.0.1' })
  @IsOptional()
  @IsHost('url', 'scheme or port')
  host?: string;

  @ConfigField({ description: 'Port of the RPC API.', type: 'integer', default: IPFS_DEFAULT_PORT, example: 5001 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  port?: number;

  @ConfigField({ description: 'Port of the HTTP gateway (Addresses.Gateway), shown with the stats.', type: 'integer', default: IPFS_DEFAULT_GATEWAY_PORT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  gateway_port?: number;

  @ConfigField({
    description: 'Full URL of the RPC API; overrides host and port. "/api/v0" is added when the URL has no path.',
    example: 'http://127.0.0.1:5001',
  })
  @IsOptional()
  @IsHttpUrl()
  api_url?: string;
}

/**
 * An IPFS node's Kubo RPC API (`/api/v0`: Kubo, or js-ipfs in the test bed). Either
 * attach to a daemon that runs elsewhere (host/port or api_url), or name a `binary` that
 * the service starts and supervises (PID file, log, restarts on crash). Fields: the API
 * above, the supervised-daemon fields shared by every daemon type, then repo and limits.
 */
export class IpfsConfig extends withSupervisedDaemonFields(IpfsApiConfig, {
  executable: "IPFS executable (e.g. Kubo's ipfs)",
  binaryExample: '/usr/local/bin/ipfs',
  attachTo: 'a daemon that runs elsewhere',
  defaultArgs: IPFS_DEFAULT_DAEMON_ARGS,
  argsExample: ['daemon', '--enable-gc'],
  envExample: { IPFS_LOGGING: 'info' },
  cwdExample: '/var/lib/ipfs',
}) {
  @ConfigField({ description: 'IPFS repository of the started daemon (sets IPFS_PATH).', example: '/var/lib/ipfs' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  repo_path?: string;

  @ConfigField({ description: 'Most pins counted per type in stats and storage; beyond it the count is reported as unknown.', type: 'integer', default: IPFS_DEFAULT_MAX_PINS_COUNTED })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  max_pins_counted?: number;
}
