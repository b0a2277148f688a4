import type { LogLevel } from '@nestjs/common';
import { RedactingLogger } from '../app/logging/redacting-logger';

/** The API's logger (secrets masked) writing into memory, so tests can read every line. */
export class CapturingLogger extends RedactingLogger {
  readonly lines: string[] = [];

  constructor() {
    super(undefined, { logLevels: ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    this.lines.push(super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff));
    return '';
  }

  protected override printStackTrace(stack: string): void {
    this.lines.push(stack);
  }
}
