import { IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { withSupervisedDaemonFields } from '../daemon/supervised-daemon.config';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const IPFS_CLUSTER_DEFAULT_API_URL = 'http://127.0.0.1:9094';
/** `ipfs-cluster-service daemon` runs the peer in the foreground. */
export const IPFS_CLUSTER_DEFAULT_DAEMON_ARGS: readonly string[] = ['daemon'];

/**
 * An IPFS Cluster peer's REST API (ipfs-cluster-service, `api.restapi` in service.json).
 * Authentication is Basic (`basic_auth_credentials`) or a JWT bearer token obtained
 * from `POST /token`; when both are configured the token is sent.
 */
class IpfsClusterPeerConfig extends CommonServiceConfig {
  @ConfigField({
    description: 'REST API of the cluster peer (service.json api.restapi.http_listen_multiaddress).',
    default: IPFS_CLUSTER_DEFAULT_API_URL,
    example: 'http://127.0.0.1:9094',
  })
  @IsOptional()
  @IsHttpUrl()
  api_url?: string;

  @ConfigField({ description: 'Basic auth user (a key of basic_auth_credentials); needs password.', example: 'admin' })
  @ValidateIf((config: IpfsClusterPeerConfig) => config.username !== undefined || config.password !== undefined)
  @IsString({ message: 'username is required when password is set' })
  @IsNotEmpty()
  username?: string;

  @ConfigField({ description: 'Basic auth password; needs username.', secret: true })
  @ValidateIf((config: IpfsClusterPeerConfig) => config.username !== undefined || config.password !== undefined)
  @IsString({ message: 'password is required when username is set' })
  @IsNotEmpty()
  password?: string;

  @ConfigField({
    description: 'JWT from POST /token, sent as "Authorization: Bearer"; wins over username/password.',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  token?: string;
}

/**
 * An IPFS Cluster peer: the REST API fields above, then the supervised-daemon fields
 * every daemon type shares (binary, args, env, cwd, start_timeout_ms, stop_grace_ms,
 * restart_on_crash) to run ipfs-cluster-service under the API's supervision.
 */
export class IpfsClusterConfig extends withSupervisedDaemonFields(IpfsClusterPeerConfig, {
  executable: 'ipfs-cluster-service executable',
  binaryExample: '/usr/local/bin/ipfs-cluster-service',
  attachTo: 'a peer that runs elsewhere',
  defaultArgs: IPFS_CLUSTER_DEFAULT_DAEMON_ARGS,
  argsExample: ['daemon'],
  envExample: { IPFS_CLUSTER_PATH: '/var/lib/ipfs-cluster' },
  cwdExample: '/var/lib/ipfs-cluster',
}) {}
