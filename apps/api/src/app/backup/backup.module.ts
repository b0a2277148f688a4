import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { BackupController } from './backup.controller';
import { BackupService } from './backup.service';

@Module({
  imports: [ServicesModule],
  controllers: [BackupController],
  providers: [BackupService],
})
export class BackupModule {}
