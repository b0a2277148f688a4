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
 * which owns the windows, provides the lookup at start; without it no service is.
 */
@Injectable()
export class ServiceMaintenance {
  private lookup: Lookup = () => null;

  provide(lookup: Lookup): void {
    this.lookup = lookup;
  }

  of(service: string, type: string): ServiceMaintenanceStateDto | null {
    return this.lookup(service, type);
  }
}
