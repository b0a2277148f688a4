import type { ServiceRecord } from '@ipfs-kit/metadata';
import type { ServiceState } from '../common/service-state';
import type { DependencyStatusDto, ServiceStatusDto } from './services.dto';
import { mapStatus, type StatusInput } from './services.mapper';
import type { ServiceMaintenanceStateDto } from './service-maintenance';
import type { StatusBasis } from './status-plan';

/**
 * One service's part of the every-status answer (`"name":{...}`), serialized once by
 * mapStatus and JSON.stringify, and kept while the parts it was made of stay the same.
 * Only `age_s` and `stale`, which move with the clock, are written at each read: the
 * fragment is the text before `age_s` and the text after `stale` (the answer's last
 * keys are `age_s`, `stale`, `error`, in that order). It keeps what it compares, not
 * the answer: the record and state are the catalog's own objects.
 */
export class StatusFragment {
  private constructor(
    readonly record: ServiceRecord,
    readonly state: ServiceState,
    private readonly secretFields: readonly string[],
    readonly checking: boolean,
    private readonly maintenance: ServiceMaintenanceStateDto | null,
    private readonly dependsOn: readonly string[],
    private readonly dependencies: readonly DependencyStatusDto[],
    /** What its read (age and staleness aside) and its age and staleness at each read are decided from. */
    readonly basis: StatusBasis,
    /** `"name":{...,"age_s":` */
    readonly head: string,
    /** The head's length in UTF-8. */
    readonly headBytes: number,
    /** `,"stale":true,"error":...}` and `,"stale":false,"error":...}` */
    private readonly staleTail: Buffer,
    private readonly freshTail: Buffer,
  ) {}

  /** The fragment of `input`, whose read is the read of `basis` (statusRead) at some age. */
  static of(input: StatusInput, basis: StatusBasis): StatusFragment {
    const status = mapStatus(input);
    // The answer without its last three keys (the others keep their order).
    const rest: Partial<ServiceStatusDto> = { ...status };
    delete rest.age_s;
    delete rest.stale;
    delete rest.error;
    // Joined: one flat copy, which keeps nothing of the pieces it was made of.
    const head = [JSON.stringify(input.record.name), ':', JSON.stringify(rest).slice(0, -1), ',"age_s":'].join('');
    const [staleTail, freshTail] = status.error === null ? NO_ERROR_TAILS : tailsOf(JSON.stringify(status.error));
    return new StatusFragment(
      input.record,
      input.state,
      input.secretFields,
      input.checking,
      input.maintenance,
      input.dependsOn.length > 0 ? input.dependsOn : NO_NAMES,
      input.dependencies.length > 0 ? input.dependencies : NO_DEPENDENCIES,
      basis,
      head,
      Buffer.byteLength(head),
      staleTail,
      freshTail,
    );
  }

  /** Whether the answer shows other services' statuses (its dependencies'). */
  get showsOthers(): boolean {
    return this.dependsOn.length > 0;
  }

  /** The text after the age: the staleness, then the error. */
  tail(stale: boolean): Buffer {
    return stale ? this.staleTail : this.freshTail;
  }

  /** Whether `input` (with the read of `basis`) maps to the same answer as this fragment's, its age and staleness aside. */
  fits(input: StatusInput, basis: StatusBasis): boolean {
    return (
      this.record === input.record &&
      this.state === input.state &&
      this.secretFields === input.secretFields &&
      this.checking === input.checking &&
      sameBasis(this.basis, basis) &&
      sameMaintenance(this.maintenance, input.maintenance) &&
      sameNames(this.dependsOn, input.dependsOn) &&
      sameDependencies(this.dependencies, input.dependencies)
    );
  }
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_DEPENDENCIES: readonly DependencyStatusDto[] = Object.freeze([]);

function tailsOf(errorJson: string): [Buffer, Buffer] {
  return [Buffer.from(`,"stale":true,"error":${errorJson}}`), Buffer.from(`,"stale":false,"error":${errorJson}}`)];
}

/** The tails of every status without an error (most), shared. */
const NO_ERROR_TAILS = tailsOf('null');

/** The same read at any age: measured at the same time, with the same limit, wish, driver and error. */
function sameBasis(a: StatusBasis, b: StatusBasis): boolean {
  if (a.measuredAt !== b.measuredAt || a.limit !== b.limit || a.wanted !== b.wanted || a.supported !== b.supported) return false;
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
