import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import type { BackendStatsResponseDto } from './backends.dto';
import { ServiceReads } from './service-reads.service';

/** The original's /api/backends/stats: totals, every status, and the store's statistics. */
@Injectable()
export class BackendStatsService {
  constructor(
    private readonly reads: ServiceReads,
    private readonly store: MetadataManager,
  ) {}

  async collect(): Promise<BackendStatsResponseDto> {
    // A service whose files cannot be read is in `services` with status error: named, never failing the whole answer.
    const [services, statistics] = await Promise.all([this.reads.allStatuses(false), this.store.getStatistics()]);
    const all = Object.values(services);
    return {
      total_services: all.length,
      running_services: all.filter((status) => status.status === 'running').length,
      healthy_services: all.filter((status) => status.status === 'running' && status.health === 'healthy').length,
      services,
      metadata_stats: {
        home: statistics.home,
        folders: statistics.folders,
        total: statistics.total,
        services: statistics.services,
        states: statistics.states,
        monitoring: statistics.monitoring,
        corrupt_files: statistics.corruptFiles,
      },
    };
  }
}
