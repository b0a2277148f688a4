import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** A service in an active maintenance window: it raises no alert until `until`. */
export class ServiceMaintenanceStateDto {
  @ApiProperty({ description: 'The maintenance window covering the service now.' }) window!: string;
  @ApiProperty({ description: 'When the window ends (ISO 8601).' }) until!: string;
  @ApiProperty({ description: "The window's comment: why." }) reason!: string;
}

type Lookup = (service: string, type: string) => ServiceMaintenanceStateDto | null;

/**
 * Whether a service is in maintenance now, for the status answers. The alerts module,
 * which owns the windows, provides the lookup at start, and whether any window is
 * configured at all; without them no service is.
 */
@Injectable()
export class ServiceMaintenance {
  private lookup: Lookup = () => null;
  private anyWindow: () => boolean = () => false;

  provide(lookup: Lookup, anyWindow: () => boolean): void {
    this.lookup = lookup;
    this.anyWindow = anyWindow;
  }

  of(service: string, type: string): ServiceMaintenanceStateDto | null {
    return this.lookup(service, type);
  }

  /** False when no window is configured: then no service is in maintenance, at any time. */
  mayCover(): boolean {
    return this.anyWindow();
  }
}
