import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { NAME_MESSAGE } from '../services/services.dto';
import type { AlertQuorum } from './alert-quorum';
import { ALERT_CONDITIONS, DEFAULT_FAILURES, DEFAULT_REPEAT_INTERVAL_S, type AlertCondition } from './alert-rules';

/** A quorum: an integer 1-1000 or "all" (null: none). */
@ValidatorConstraint({ name: 'quorum' })
class QuorumValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value === null || value === 'all' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000);
  }

  defaultMessage(): string {
    return 'quorum must be an integer from 1 to 1000, "all" or null';
  }
}

/** POST /api/alerts/rules. */
export class CreateRuleDto {
  @ApiProperty({ example: 'parquet-down', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ enum: ALERT_CONDITIONS })
  @IsIn(ALERT_CONDITIONS, { message: `condition must be one of ${ALERT_CONDITIONS.join(', ')}` })
  condition!: AlertCondition;

  @ApiPropertyOptional({ type: [String], description: 'Service names; with `types` also empty: every service.', example: ['events'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: `each service ${NAME_MESSAGE}` })
  services?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Every service of these types.', example: ['parquet'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: 'each type must be a service type name' })
  types?: string[];

  @ApiProperty({ type: [String], description: 'Names of existing channels.', example: ['ops-webhook'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(SERVICE_NAME_PATTERN, { each: true, message: `each channel ${NAME_MESSAGE}` })
  channels!: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'quota_above: percent used (default 90); free_below: bytes (default 1 GiB); latency_above: ms (default 1000); credential_expiry: seconds before expiry (default 7 days).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  threshold?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: `Checks in a row: failed (down, default ${DEFAULT_FAILURES}), slower than the threshold (latency_above, default ${DEFAULT_FAILURES}); 1 for the others.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  failures?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 604800, default: DEFAULT_REPEAT_INTERVAL_S, description: 'Seconds between reminders while firing; 0: none.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(604_800)
  repeat_interval_s?: number;

  @ApiPropertyOptional({ default: true, description: 'Send a message when the alert clears.' })
  @IsOptional()
  @IsBoolean()
  send_resolved?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer', minimum: 1, maximum: 1000 }, { type: 'string', enum: ['all'] }],
    nullable: true,
    description:
      'down only, fleet mode: fire only when at least this many nodes (or "all" nodes watching the service) see it failing; this node by its own checks, the others by their published results. Default null: this node alone.',
    example: 2,
  })
  @IsOptional()
  @Validate(QuorumValue)
  quorum?: AlertQuorum | null;
}

/** PUT /api/alerts/rules/{name}: the whole rule but its name. */
export class RuleBodyDto extends OmitType(CreateRuleDto, ['name'] as const) {}

export class RuleDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALERT_CONDITIONS }) condition!: AlertCondition;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: [String] }) types!: string[];
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
  @ApiProperty() failures!: number;
  @ApiProperty() repeat_interval_s!: number;
  @ApiProperty() send_resolved!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['all'] }], nullable: true, description: 'down only: nodes that must see the service failing; null: this node alone.' })
  quorum!: AlertQuorum | null;
}

export class RuleListDto {
  @ApiProperty({ type: [RuleDto] })
  rules!: RuleDto[];

  @ApiProperty({ enum: ALERT_CONDITIONS, isArray: true })
  conditions!: AlertCondition[];
}
