/**
 * The fields of the API's answers the demo reads (see apps/api/src/app/services/services.dto.ts).
 * Declared here rather than imported: tools talk to the API over HTTP only.
 */
export interface ErrorInfo {
  code: string;
  message: string;
}

export interface ActionAnswer {
  success: boolean;
  message: string;
  status?: string;
  desired_state?: string;
  error?: ErrorInfo | null;
}

export interface ServiceStatusAnswer {
  name: string;
  type: string;
  status: string;
  health: string;
  desired_state: string;
  latency_ms: number | null;
  version: string | null;
  error: ErrorInfo | null;
}

export interface StorageAnswer {
  used: number | null;
  total: number | null;
  objects: number | null;
  basis: string | null;
  unknown: Record<string, string>;
  error: ErrorInfo | null;
}

export interface ServiceListAnswer {
  services: string[];
  available_types: string[];
}
