import { IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { DAEMON_DEFAULT_START_TIMEOUT_MS, DAEMON_DEFAULT_STOP_GRACE_MS, type SupervisedDaemonFields } from './daemon-options';
import { IsEnvRecord } from './is-env-record.validator';

/** Longest path Linux accepts (PATH_MAX). */
const MAX_PATH_LENGTH = 4096;

/** The words and examples a type puts into the shared fields' descriptions. */
export interface SupervisedDaemonTexts {
  /** What `binary` names, e.g. "ipfs-cluster-service executable". */
  executable: string;
  binaryExample: string;
  /** What the service attaches to without a binary, e.g. "a peer that runs elsewhere". */
  attachTo: string;
  /** The arguments the type's connection uses when `args` is absent (for the description). */
  defaultArgs: readonly string[];
  argsExample: string[];
  envExample: Record<string, string>;
  cwdExample: string;
}

/** TypeScript's mixin pattern needs a constructor with `any[]` arguments (TS2545). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ServiceConfigClass = new (...args: any[]) => CommonServiceConfig;

/**
 * Adds the supervised-daemon fields (SupervisedDaemonFields), with their validation and
 * schema descriptions, after the fields of `Base`: a daemon type declares its API
 * fields in `Base` and gets the daemon fields from here, so that every daemon type
 * accepts the same keys with the same meaning.
 *
 * ```ts
 * class LotusNodeConfig extends CommonServiceConfig { api_url?: string; ... }
 * export class LotusConfig extends withSupervisedDaemonFields(LotusNodeConfig, { executable: 'lotus executable', ... }) {}
 * ```
 */
export function withSupervisedDaemonFields<TBase extends ServiceConfigClass>(
  Base: TBase,
  texts: SupervisedDaemonTexts,
) {
  const defaultArgs = texts.defaultArgs.length > 0 ? ` (default ${JSON.stringify(texts.defaultArgs)})` : '';

  class SupervisedDaemonConfig extends Base implements SupervisedDaemonFields {
    @ConfigField({
      description: `${texts.executable} to start and supervise (PID file in state/, log in logs/, restart after crashes); leave empty to attach to ${texts.attachTo}.`,
      example: texts.binaryExample,
    })
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    @MaxLength(MAX_PATH_LENGTH)
    binary?: string;

    @ConfigField({
      description: `Arguments for the binary${defaultArgs}. They are logged and written to the PID file: put no secret here.`,
      type: 'string[]',
      example: texts.argsExample,
    })
    @IsOptional()
    @IsArray()
    @IsString({ each: true })
    args?: string[];

    @ConfigField({
      description:
        'Extra environment variables for the binary. Their values are never logged nor written to the PID file, but they are stored and shown as plain config (not encrypted like secret fields): keep credentials in the daemon\'s own files.',
      type: 'object',
      example: texts.envExample,
    })
    @IsOptional()
    @IsEnvRecord()
    env?: Record<string, string>;

    @ConfigField({ description: "Working folder of the binary (default: the API's own).", example: texts.cwdExample })
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    @MaxLength(MAX_PATH_LENGTH)
    cwd?: string;

    @ConfigField({
      description: 'How long a started daemon may take until its API answers, in milliseconds.',
      type: 'integer',
      default: DAEMON_DEFAULT_START_TIMEOUT_MS,
    })
    @IsOptional()
    @IsInt()
    @Min(1_000)
    @Max(600_000)
    start_timeout_ms?: number;

    @ConfigField({
      description: 'After SIGTERM, milliseconds before SIGKILL.',
      type: 'integer',
      default: DAEMON_DEFAULT_STOP_GRACE_MS,
    })
    @IsOptional()
    @IsInt()
    @Min(0)
    @Max(300_000)
    stop_grace_ms?: number;

    @ConfigField({
      description:
        'Restart a started daemon that crashes (back-off 1 s, 2 s, 4 s... up to 30 s; gives up after 5 crashes in 10 min).',
      default: true,
    })
    @IsOptional()
    @IsBoolean()
    restart_on_crash?: boolean;
  }
  return SupervisedDaemonConfig;
}
