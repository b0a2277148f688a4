import { IsArray, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { withSupervisedDaemonFields } from '../daemon/supervised-daemon.config';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const LOTUS_DEFAULT_API_URL = 'http://127.0.0.1:1234/rpc/v1';
/** `lotus daemon` runs the node in the foreground. */
export const LOTUS_DEFAULT_DAEMON_ARGS: readonly string[] = ['daemon'];

/**
 * A Filecoin address: network prefix (f mainnet, t testnets), protocol 0-4, payload.
 * f0 IDs are decimal; f1/f2/f3 payloads base32 (lowercase); f4 delegated `f410f...`.
 */
export const FILECOIN_ADDRESS_PATTERN = /^[ft](0\d{1,20}|[123][a-z2-7]{20,120}|4\d{1,20}f[a-z2-7]{1,120})$/;

/** A Lotus full node's JSON-RPC API (`lotus daemon`, ListenAddress in config.toml). */
class LotusNodeConfig extends CommonServiceConfig {
  @ConfigField({
    description: 'JSON-RPC endpoint of the Lotus node (v1; /rpc/v0 also works).',
    default: LOTUS_DEFAULT_API_URL,
    example: 'http://127.0.0.1:1234/rpc/v1',
  })
  @IsOptional()
  @IsHttpUrl()
  api_url?: string;

  @ConfigField({
    description: 'API token (lotus auth create-token --perm read), sent as "Authorization: Bearer".',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  token?: string;

  @ConfigField({
    description: 'Wallet addresses whose balances stats() reports (Filecoin.WalletBalance).',
    type: 'string[]',
    example: ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za'],
  })
  @IsOptional()
  @IsArray()
  @Matches(FILECOIN_ADDRESS_PATTERN, {
    each: true,
    message: 'each of wallet_addresses must be a Filecoin address (f1..., f3..., t1..., f0123...)',
  })
  wallet_addresses?: string[];
}

/**
 * A Lotus full node: the JSON-RPC fields above, then the supervised-daemon fields every
 * daemon type shares (binary, args, env, cwd, start_timeout_ms, stop_grace_ms,
 * restart_on_crash) to run `lotus daemon` under the API's supervision.
 */
export class LotusConfig extends withSupervisedDaemonFields(LotusNodeConfig, {
  executable: 'lotus executable',
  binaryExample: '/usr/local/bin/lotus',
  attachTo: 'a node that runs elsewhere',
  defaultArgs: LOTUS_DEFAULT_DAEMON_ARGS,
  argsExample: ['daemon'],
  envExample: { LOTUS_PATH: '/var/lib/lotus' },
  cwdExample: '/var/lib/lotus',
}) {}
