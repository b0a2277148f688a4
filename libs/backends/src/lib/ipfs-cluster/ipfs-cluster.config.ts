import { IsArray, IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const IPFS_CLUSTER_DEFAULT_API_URL = 'http://127.0.0.1:9094';

/**
 * An IPFS Cluster peer's REST API (ipfs-cluster-service, `api.restapi` in service.json).
 * Authentication is Basic (`basic_auth_credentials`) or a JWT bearer token obtained
 * from `POST /token`; when both are configured the token is sent.
 */
export class IpfsClusterConfig extends CommonServiceConfig {
  @ConfigField({
    description: 'REST API of the cluster peer (service.json api.restapi.http_listen_multiaddress).',
    default: IPFS_CLUSTER_DEFAULT_API_URL,
    example: 'http://127.0.0.1:9094',
  })
  @IsOptional()
  @IsHttpUrl()
  api_url?: string;

  @ConfigField({ description: 'Basic auth user (a key of basic_auth_credentials); needs password.', example: 'admin' })
  @ValidateIf((config: IpfsClusterConfig) => config.username !== undefined || config.password !== undefined)
  @IsString({ message: 'username is required when password is set' })
  @IsNotEmpty()
  username?: string;

  @ConfigField({ description: 'Basic auth password; needs username.', secret: true })
  @ValidateIf((config: IpfsClusterConfig) => config.username !== undefined || config.password !== undefined)
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

  @ConfigField({
    description:
      'ipfs-cluster-service executable to start and supervise (PID file, log, restart after crashes); leave empty to attach to a peer that runs elsewhere.',
    example: '/usr/local/bin/ipfs-cluster-service',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  binary?: string;

  @ConfigField({
    description: 'Arguments for the binary (default ["daemon"]); they are logged, so no secrets here.',
    type: 'string[]',
    example: ['daemon'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  args?: string[];
}
