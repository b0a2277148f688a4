/** A successful liveness probe. A failed probe throws a BackendError. */
export interface ProbeResult {
  latencyMs: number;
  /** Backend version or agent, when the probe learns it cheaply. */
  version?: string;
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Statistics: flat scalar values (good for Prometheus and the dashboard) plus
 * optional structured details. Unknown values are `null` with a reason.
 */
export interface BackendStats {
  measuredAt: string;
  values: Record<string, string | number | boolean | null>;
  unknown?: Record<string, string>;
  details?: Record<string, unknown>;
}

/** What a backend can really answer; the API reports the rest as unsupported. */
export interface BackendCapabilities {
  stats: boolean;
  quota: boolean;
  storage: boolean;
  /** `daemon`: may start and stop a supervised process; `activation`: start verifies and activates. */
  lifecycle: 'daemon' | 'activation';
}

/** A ready configuration for a common setup, offered by the API and the dashboard. */
export interface BackendTemplate {
  id: string;
  title: string;
  description: string;
  config: Record<string, unknown>;
}
