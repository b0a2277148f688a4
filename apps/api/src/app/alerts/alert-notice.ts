import { createHash } from 'node:crypto';
import type { AlertCondition } from './alert-rules';

export type NoticeStatus = 'firing' | 'resolved';

/**
 * One message about an alert, the same for every channel: what the generic webhook
 * sends as its JSON body and what the other channels format. Never holds a secret.
 */
export interface AlertNotice {
  /** Dedupe key: the same for every delivery attempt of this message, so receivers can drop repeats. */
  dedupe_key: string;
  /** The alert this message is about: the same for its firing, reminders and resolution. */
  alert_id: string;
  service: string;
  service_type: string | null;
  rule: string;
  condition: AlertCondition | 'test';
  /** What happened: the condition, `recovered`, or `test`. */
  event: string;
  status: NoticeStatus;
  started_at: string;
  resolved_at: string | null;
  /** When this message was made. */
  at: string;
  /** 0: the first message of the alert; 1, 2 ...: reminders; the resolution counts on. */
  sequence: number;
  /** The measured value that fired the rule (percent, bytes, ms, seconds), when there is one. */
  value: number | null;
  message: string;
}

export function alertIdOf(rule: string, service: string, startedAt: string): string {
  return `${rule}/${service}/${startedAt}`;
}

export function dedupeKeyOf(alertId: string, status: NoticeStatus, sequence: number): string {
  return createHash('sha256').update(`${alertId}\n${status}\n${sequence}`).digest('hex').slice(0, 32);
}

/** One line for chat channels and subjects: "[FIRING] events (parquet): down — ...". */
export function noticeTitle(notice: AlertNotice): string {
  const label = notice.event === 'test' ? 'TEST' : notice.status === 'firing' ? 'FIRING' : notice.event === 'recovered' ? 'RECOVERED' : 'RESOLVED';
  const type = notice.service_type ? ` (${notice.service_type})` : '';
  return `[${label}] ${notice.service}${type}: ${notice.rule}`;
}

export function noticeText(notice: AlertNotice): string {
  return `${noticeTitle(notice)} — ${notice.message}`;
}
