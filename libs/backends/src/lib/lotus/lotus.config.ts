import { IsArray, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const LOTUS_DEFAULT_API_URL = 'http://127.0.0.1:1234/rpc/v1';

/**
 * A Filecoin address: network prefix (f mainnet, t testnets), protocol 0-4, payload.
 * f0 IDs are decimal; f1/f2/f3 payloads base32 (lowercase); f4 delegated `f410f...`.
 */
export const FILECOIN_ADDRESS_PATTERN = /^[ft](0\d{1,20}|[123][a-z2-7]{20,120}|4\d{1,20}f[a-z2-7]{1,120})$/;

/** A Lotus full node's JSON-RPC API (`lotus daemon`, ListenAddress in config.toml). */
export class LotusConfig extends CommonServiceConfig {
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

  @ConfigField({
    description:
      'lotus executable to start and supervise (PID file, log, restart after crashes); leave empty to attach to a running daemon.',
    example: '/usr/local/bin/lotus',
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
