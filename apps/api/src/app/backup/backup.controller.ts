import { Body, Controller, Get, Header, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { BackupService } from './backup.service';
import { RestoreQueryDto, RestoreResultDto } from './backup.dto';

@ApiTags('backup')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('backup')
export class BackupController {
  constructor(private readonly backup: BackupService) {}

  @Get()
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary: 'Download the whole metadata store as one JSON file (secrets stay encrypted)',
    description: 'Services, their states and snapshots, the global config and the alerts config (`alerts`: channels, rules, maintenance windows; channel secrets sealed with the store\'s key). The key itself is never in it.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true }, description: 'The backup file' })
  @NoQuery()
  async downloadBackup(): Promise<StreamableFile> {
    const backup = await this.backup.exportStore();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Buffer.from(`${JSON.stringify(backup, null, 2)}\n`), {
      type: 'application/json; charset=utf-8',
      disposition: `attachment; filename="ipfs-kit-backup-${stamp}.json"`,
    });
  }

  @Post('restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore a backup file (the request body is the file)',
    description:
      'Validated completely before anything is written (every service entry against its type\'s schema, every alerts channel, rule and window as its route checks it, sealed secrets against this store\'s key, entry counts bounded by IPFS_KIT_RESTORE_MAX_SERVICES, no NUL byte, no unknown key); a refused restore changes nothing, and its 400 names every place. The alerts section is merged by name (mode=merge) or replaces the alerts config (mode=replace); a backup without it leaves the alerts config as it is. With dry_run=true nothing is written: the answer says what would change (preview). Only the services it added, changed or removed are reloaded, once. Refused with 503 by an API process that does not hold the store\'s lease.',
  })
  @ApiConsumes('application/json', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: 'A file from GET /api/backup' })
  @ApiOkResponse({ type: RestoreResultDto })
  @ApiErrors(400, 409, 413, 503)
  restoreBackup(@Body() body: unknown, @Query() query: RestoreQueryDto): Promise<RestoreResultDto> {
    if (query.dry_run === 'true') return this.backup.preview(body, query.mode ?? 'merge');
    return this.backup.restore(body, query.mode ?? 'merge');
  }
}
