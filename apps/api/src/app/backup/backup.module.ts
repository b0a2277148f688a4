import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ServicesModule } from '../services/services.module';
import { BackupController } from './backup.controller';
import { BackupService } from './backup.service';

@Module({
  imports: [ServicesModule, AlertsModule],
  controllers: [BackupController],
  providers: [BackupService],
})
export class BackupModule {}
