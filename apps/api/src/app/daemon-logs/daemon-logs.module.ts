import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { DaemonLogsController } from './daemon-logs.controller';
import { DaemonLogs } from './daemon-logs.service';

@Module({
  imports: [ServicesModule],
  controllers: [DaemonLogsController],
  providers: [DaemonLogs],
})
export class DaemonLogsModule {}
