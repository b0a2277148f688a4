import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { TokenQueryDto } from '../http/token-query.dto';
import { ALERT_CONDITIONS } from './alert-rules';

export class HistoryQueryDto extends TokenQueryDto {
  @ApiPropertyOptional({ description: 'Only this service.' })
  @IsOptional()
  @Matches(SERVICE_NAME_PATTERN, { message: 'service must be a service name' })
  service?: string;

  @ApiPropertyOptional({ description: 'Only this rule.' })
  @IsOptional()
  @Matches(SERVICE_NAME_PATTERN, { message: 'rule must be a rule name' })
  rule?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class DeliveryDto {
  @ApiProperty() channel!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'dropped'] }) state!: 'pending' | 'delivered' | 'dropped';
  @ApiProperty({ description: 'Attempts made so far.' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed.' }) last_error!: string | null;
  @ApiProperty({ type: String, nullable: true }) next_attempt_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) delivered_at!: string | null;
}

export class AlertNoticeDto {
  @ApiProperty({ description: 'The same for every delivery of this message: receivers drop repeats by it.' }) dedupe_key!: string;
  @ApiProperty({ description: 'The alert (rule/service/start) the message is about.' }) alert_id!: string;
  @ApiProperty() service!: string;
  @ApiProperty({ type: String, nullable: true }) service_type!: string | null;
  @ApiProperty() rule!: string;
  @ApiProperty({ enum: [...ALERT_CONDITIONS, 'test'] }) condition!: string;
  @ApiProperty({ example: 'down' }) event!: string;
  @ApiProperty({ enum: ['firing', 'resolved'] }) status!: 'firing' | 'resolved';
  @ApiProperty() started_at!: string;
  @ApiProperty({ type: String, nullable: true }) resolved_at!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ description: '0: first message; then reminders and the resolution.' }) sequence!: number;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty() message!: string;
}

export class AlertHistoryEntryDto extends AlertNoticeDto {
  @ApiProperty({ type: [DeliveryDto] })
  deliveries!: DeliveryDto[];
}

export class AlertHistoryDto {
  @ApiProperty({ type: [AlertHistoryEntryDto] })
  alerts!: AlertHistoryEntryDto[];
}

export class FiringAlertDto {
  @ApiProperty() alert_id!: string;
  @ApiProperty() rule!: string;
  @ApiProperty({ enum: ALERT_CONDITIONS }) condition!: string;
  @ApiProperty() service!: string;
  @ApiProperty({ type: String, nullable: true }) service_type!: string | null;
  @ApiProperty() started_at!: string;
  @ApiProperty() last_sent_at!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty() message!: string;
}

export class ServiceMaintenanceDto {
  @ApiProperty() service!: string;
  @ApiProperty({ description: 'The active window.' }) window!: string;
  @ApiProperty() until!: string;
}

export class AlertStatusDto {
  @ApiProperty({ type: [FiringAlertDto] })
  firing!: FiringAlertDto[];

  @ApiProperty({ type: [ServiceMaintenanceDto], description: 'Services in maintenance now: they raise no alert.' })
  maintenance!: ServiceMaintenanceDto[];

  @ApiProperty({ description: 'Deliveries waiting in the outbox.' })
  pending_deliveries!: number;
}
