import type { ServiceRecord } from '@ipfs-kit/metadata';
import type { ServiceState } from '../common/service-state';
import type { DependencyStatusDto, ReadFreshnessDto, ServiceStatusDto } from './services.dto';
import { mapStatus, type StatusInput } from './services.mapper';
import type { ServiceMaintenanceStateDto } from './service-maintenance';
import type { StatusBasis } from './status-plan';

/**
 * One service's part of the every-status answer (`"name":{...}`), serialized once by
 * mapStatus and JSON.stringify, and kept while the parts it was made of stay the same.
 * Only `age_s` and `stale`, which move with the clock, are written at each read: the
 * fragment is the text before `age_s` and the text after `stale` (the answer's last
 * keys are `age_s`, `stale`, `error`, in that order).
 */
export class StatusFragment {
  private constructor(
    private readonly input: StatusInput,
    /** What its age and staleness are decided from. */
    readonly basis: StatusBasis,
    /** `"name":{...,"age_s":` */
    readonly head: string,
    /** The head's length in UTF-8. */
    readonly headBytes: number,
    /** `,"stale":true,"error":...}` and `,"stale":false,"error":...}` */
    private readonly staleTail: Buffer,
    private readonly freshTail: Buffer,
  ) {}

  static of(input: StatusInput, basis: StatusBasis): StatusFragment {
    const status = mapStatus(input);
    // The answer without its last three keys (the others keep their order).
    const rest: Partial<ServiceStatusDto> = { ...status };
    delete rest.age_s;
    delete rest.stale;
    delete rest.error;
    const head = `${JSON.stringify(input.record.name)}:${JSON.stringify(rest).slice(0, -1)},"age_s":`;
    const [staleTail, freshTail] = status.error === null ? NO_ERROR_TAILS : tailsOf(JSON.stringify(status.error));
    return new StatusFragment(input, basis, head, Buffer.byteLength(head), staleTail, freshTail);
  }

  get record(): ServiceRecord {
    return this.input.record;
  }

  get state(): ServiceState {
    return this.input.state;
  }

  get checking(): boolean {
    return this.input.checking;
  }

  /** Whether the answer shows other services' statuses (its dependencies'). */
  get showsOthers(): boolean {
    return this.input.dependsOn.length > 0;
  }

  /** The text after the age: the staleness, then the error. */
  tail(stale: boolean): Buffer {
    return stale ? this.staleTail : this.freshTail;
  }

  /** Whether `input` maps to the same answer as this fragment's, its age and staleness aside. */
  fits(input: StatusInput): boolean {
    const kept = this.input;
    return (
      kept.record === input.record &&
      kept.state === input.state &&
      kept.secretFields === input.secretFields &&
      kept.checking === input.checking &&
      kept.supported === input.supported &&
      sameRead(kept.read, input.read) &&
      sameMaintenance(kept.maintenance, input.maintenance) &&
      sameNames(kept.dependsOn, input.dependsOn) &&
      sameDependencies(kept.dependencies, input.dependencies)
    );
  }
}

function tailsOf(errorJson: string): [Buffer, Buffer] {
  return [Buffer.from(`,"stale":true,"error":${errorJson}}`), Buffer.from(`,"stale":false,"error":${errorJson}}`)];
}

/** The tails of every status without an error (most), shared. */
const NO_ERROR_TAILS = tailsOf('null');

/** The same read, age and staleness aside: its source, measured time and error. */
function sameRead(a: ReadFreshnessDto, b: ReadFreshnessDto): boolean {
  if (a.source !== b.source || a.measured_at !== b.measured_at) return false;
  if (a.error === null || b.error === null) return a.error === b.error;
  return a.error.code === b.error.code && a.error.message === b.error.message;
}

function sameMaintenance(a: ServiceMaintenanceStateDto | null, b: ServiceMaintenanceStateDto | null): boolean {
  if (a === null || b === null) return a === b;
  return a.window === b.window && a.until === b.until && a.reason === b.reason;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function sameDependencies(a: readonly DependencyStatusDto[], b: readonly DependencyStatusDto[]): boolean {
  return (
    a.length === b.length &&
    a.every((dependency, i) => {
      const other = b[i];
      return dependency.name === other.name && dependency.exists === other.exists && dependency.status === other.status && dependency.health === other.health;
    })
  );
}
