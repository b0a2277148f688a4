import { Inject, Injectable } from '@nestjs/common';
import { open } from 'node:fs/promises';
import { daemonLogFilePath } from '@ipfs-kit/backends';
import { ServiceCatalog } from '../services/service-catalog.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import type { DaemonLogResponseDto } from './daemon-logs.dto';

/** At most this much of the end of the log is read per request (the file may be megabytes). */
export const LOG_READ_WINDOW_BYTES = 256 * 1024;
/** A single line longer than this is cut (a daemon printing a blob). */
const MAX_LINE_CHARS = 2_000;

/** The last lines of a supervised daemon's log (logs/<service>.log), bounded, with secrets masked. */
@Injectable()
export class DaemonLogs {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async tail(name: string, maxLines: number, after: number | undefined): Promise<DaemonLogResponseDto> {
    const record = this.catalog.get(name); // 404
    const supervised = typeof record.config['binary'] === 'string' && record.config['binary'] !== '';
    const empty = (reason: string, offset = 0): DaemonLogResponseDto => ({
      service: name,
      supervised,
      lines: [],
      next_offset: offset,
      truncated: false,
      reason,
    });
    if (!supervised) return empty('not a supervised daemon: the service has no binary to run');
    let handle;
    try {
      handle = await open(daemonLogFilePath(this.settings.home, name), 'r');
    } catch {
      return empty('no log yet: the daemon has not been started');
    }
    try {
      const size = (await handle.stat()).size;
      // A log rotated since the caller's offset starts again from its beginning.
      const from =
        after !== undefined && after <= size
          ? Math.max(after, size - LOG_READ_WINDOW_BYTES)
          : Math.max(0, size - LOG_READ_WINDOW_BYTES);
      const buffer = Buffer.alloc(size - from);
      await handle.read(buffer, 0, buffer.length, from);
      // Reading from the middle of the file: its first, partial line is left out.
      const start = from > 0 && from !== after ? buffer.indexOf(0x0a) + 1 || buffer.length : 0;
      const lastNewline = buffer.lastIndexOf(0x0a);
      const complete = lastNewline >= start ? buffer.subarray(start, lastNewline).toString('utf8') : null;
      const lines = complete === null ? [] : complete.split('\n');
      let truncated = start > 0;
      if (lines.length > maxLines) {
        lines.splice(0, lines.length - maxLines);
        truncated = true;
      }
      return {
        service: name,
        supervised,
        lines: lines.map((line) =>
          this.redactor.redact(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line),
        ),
        // A line still being written is read next time, whole.
        next_offset: from + (lastNewline >= start ? lastNewline + 1 : start),
        truncated,
        reason: null,
      };
    } finally {
      await handle.close();
    }
  }
}
