import { IsArray, IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigField } from './config-field.decorator';

export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Keys every service type accepts (docs/backends.md, "Fields every type accepts"). Each type's config class extends this. */
export class CommonServiceConfig {
  @ConfigField({ description: 'Whether scheduled checks run for this service.', default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ConfigField({ description: 'Seconds between health checks.', type: 'integer', default: 30, example: 60 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(86_400)
  check_interval_s?: number;

  @ConfigField({ description: 'Timeout of each call to the backend, in milliseconds.', type: 'integer', default: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeout_ms?: number;

  @ConfigField({ description: 'A declared storage limit in bytes, used when the backend reports none.', type: 'integer', example: 107_374_182_400 })
  @IsOptional()
  @IsInt()
  @Min(0)
  quota_bytes?: number;

  @ConfigField({ description: 'Names of services that must run before this one.', type: 'string[]', example: ['ipfs'] })
  @IsOptional()
  @IsArray()
  @Matches(SERVICE_NAME_PATTERN, { each: true })
  depends_on?: string[];
}
