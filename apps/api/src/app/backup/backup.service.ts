import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { FieldValidationException } from '../http/error-response';
import { assertSafeBody } from '../http/request-body';
import { ServiceLifecycle } from '../services/service-lifecycle.service';
import type { RestoreResultDto } from './backup.dto';

/** The whole store as one file, and back (secrets stay encrypted; the key never leaves). */
@Injectable()
export class BackupService {
  constructor(
    private readonly store: MetadataManager,
    private readonly lifecycle: ServiceLifecycle,
  ) {}

  exportStore(): Promise<object> {
    return this.store.exportStore();
  }

  async restore(body: unknown, mode: 'merge' | 'replace'): Promise<RestoreResultDto> {
    const backup = parseBackup(body);
    await this.lifecycle.suspendAll();
    try {
      const result = await this.store.importStore(backup, { mode });
      return {
        success: true,
        message: `Backup restored (${mode}): ${result.services} service(s)`,
        ...result,
      };
    } finally {
      await this.lifecycle.resumeAll();
    }
  }
}

/** The upload: raw bytes (any content type) or an already parsed JSON object. */
function parseBackup(body: unknown): unknown {
  let value: unknown = body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw new FieldValidationException([{ field: 'body', messages: ['the backup file is empty'] }]);
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw new FieldValidationException([{ field: 'body', messages: ['is not a JSON backup file'] }]);
    }
  }
  assertSafeBody(value);
  return value;
}
