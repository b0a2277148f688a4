import {
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { IsHttpUrl } from '../http/is-http-url.validator';

export const IPFS_DEFAULT_HOST = '127.0.0.1';
export const IPFS_DEFAULT_PORT = 5001;
export const IPFS_DEFAULT_GATEWAY_PORT = 8080;
export const IPFS_DEFAULT_DAEMON_ARGS: readonly string[] = ['daemon'];
export const IPFS_DEFAULT_START_TIMEOUT_MS = 60_000;
export const IPFS_DEFAULT_STOP_GRACE_MS = 10_000;
export const IPFS_DEFAULT_MAX_PINS_COUNTED = 100_000;

/** A host name or an IP address, without scheme, port or path. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An IPFS node's Kubo RPC API (`/api/v0`: Kubo, or js-ipfs in the test bed). Either
 * attach to a daemon that runs elsewhere (host/port or api_url), or name a `binary` that
 * the service starts and supervises (PID file, log, restarts on crash).
 */
export class IpfsConfig extends CommonServiceConfig {
  @ConfigField({ description: 'Host of the RPC API (Addresses.API).', default: IPFS_DEFAULT_HOST, example: '127.0.0.1' })
  @IsOptional()
  @IsString()
  @Matches(HOST, { message: 'host must be a host name or an IP address, without scheme or port' })
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

  @ConfigField({
    description: 'IPFS executable to start and supervise (e.g. Kubo\'s ipfs); leave empty to attach to a daemon that runs elsewhere.',
    example: '/usr/local/bin/ipfs',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  binary?: string;

  @ConfigField({
    description: 'Arguments for the binary (default ["daemon"]). They are logged: pass secrets through env.',
    type: 'string[]',
    example: ['daemon', '--enable-gc'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  args?: string[];

  @ConfigField({ description: 'IPFS repository of the started daemon (sets IPFS_PATH).', example: '/var/lib/ipfs' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  repo_path?: string;

  @ConfigField({ description: 'Extra environment variables for the binary (never logged).', type: 'object', example: { IPFS_LOGGING: 'info' } })
  @IsOptional()
  @IsStringRecord()
  env?: Record<string, string>;

  @ConfigField({ description: 'Working folder of the binary.', example: '/var/lib/ipfs' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  cwd?: string;

  @ConfigField({ description: 'How long a started daemon may take to answer, in milliseconds.', type: 'integer', default: IPFS_DEFAULT_START_TIMEOUT_MS })
  @IsOptional()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  start_timeout_ms?: number;

  @ConfigField({ description: 'After SIGTERM, milliseconds before SIGKILL.', type: 'integer', default: IPFS_DEFAULT_STOP_GRACE_MS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(300_000)
  stop_grace_ms?: number;

  @ConfigField({ description: 'Restart a started daemon that crashes (back-off 1 s, 2 s, 4 s... up to 30 s; gives up after 5 crashes in 10 min).', default: true })
  @IsOptional()
  @IsBoolean()
  restart_on_crash?: boolean;

  @ConfigField({ description: 'Most pins counted per type in stats and storage; beyond it the count is reported as unknown.', type: 'integer', default: IPFS_DEFAULT_MAX_PINS_COUNTED })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  max_pins_counted?: number;
}

/** An object whose keys are environment variable names and whose values are strings. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: {
        validate: (value: unknown) =>
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.entries(value).every(([key, item]) => ENV_NAME.test(key) && typeof item === 'string'),
        defaultMessage: (args) => `${args?.property ?? 'value'} must map variable names (letters, digits, _) to strings`,
      },
    });
  };
}
