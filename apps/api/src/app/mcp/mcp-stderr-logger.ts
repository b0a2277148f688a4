import type { LogLevel } from '@nestjs/common';
import { RedactingLogger } from '../logging/redacting-logger';

/** The redacting logger writing every line to stderr: stdout carries the MCP stdio protocol. */
export class StderrLogger extends RedactingLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _writeStreamType?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
