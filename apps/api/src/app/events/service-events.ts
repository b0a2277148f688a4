import type { ServiceHealth, ServiceStatus } from '../common/service-state';

/** What happened to a service, as the event stream and the scheduler see it. Never carries a secret. */
export type ServiceEvent =
  | StatusChangedEvent
  | ProbeEvent
  | LifecycleEvent
  | DesiredStateEvent
  | ResourcesEvent
  | StorageEvent;

export interface StatusChangedEvent {
  type: 'status';
  service: string;
  at: string;
  status: ServiceStatus;
  health: ServiceHealth;
  previous_status: ServiceStatus | null;
  previous_health: ServiceHealth | null;
  error: EventError | null;
}

export interface ProbeEvent {
  type: 'probe';
  service: string;
  at: string;
  ok: boolean;
  latency_ms: number | null;
  attempts: number;
  error: EventError | null;
  /** Where the probe came from: the schedule, an API read, a start. */
  trigger: 'schedule' | 'read' | 'start';
}

export interface LifecycleEvent {
  type: 'service_added' | 'service_removed' | 'config_changed';
  service: string;
  at: string;
}

export interface DesiredStateEvent {
  type: 'desired_state';
  service: string;
  at: string;
  desired_state: 'started' | 'stopped';
}

export interface ResourcesEvent {
  type: 'resources';
  at: string;
  /** `host` or a service name. */
  subject: string;
  cpu_percent: number | null;
  memory_used_bytes: number | null;
  memory_total_bytes: number | null;
  disk_used_bytes: number | null;
  disk_total_bytes: number | null;
}

/** A service's storage against its quota, after a live storage or quota read (the storage history's samples). */
export interface StorageEvent {
  type: 'storage';
  service: string;
  at: string;
  /** Bytes stored; null when the backend does not report it. */
  used_bytes: number | null;
  /** The quota: the backend's, else the declared quota_bytes, else the backend's total; null when none is known. */
  quota_bytes: number | null;
  /** Bytes free under the quota or on the backend; null when unknown. */
  free_bytes: number | null;
}

export interface EventError {
  code: string;
  message: string;
}
