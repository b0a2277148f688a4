import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { SecretRedactor } from '../store/secret-redactor';
import { escapeControlCharacters, logText } from './log-text';

/** Start-up chatter of Nest itself, shown only with IPFS_KIT_LOG_LEVEL=debug. */
const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's console logger with every known secret value masked and control characters
 * escaped in each line. It never throws, whatever it is given (undefined, an object
 * whose toString throws, a stack that is no string): a logging failure must never
 * end the process or turn an answer into something else.
 */
export class RedactingLogger extends ConsoleLogger {
  private readonly quiet: boolean;

  constructor(context?: string, options: { logLevels?: LogLevel[] } = {}) {
    super(context ?? '', { timestamp: false, ...options });
    this.quiet = process.env['IPFS_KIT_LOG_LEVEL'] !== 'debug';
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.length > 0 ? optionalParams[optionalParams.length - 1] : this.context;
    if (this.quiet && typeof context === 'string' && NOISY_CONTEXTS.has(context)) return;
    this.safely(() => super.log(message, ...optionalParams));
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    this.safely(() => super.error(message, ...optionalParams));
  }

  override warn(message: unknown, ...optionalParams: unknown[]): void {
    this.safely(() => super.warn(message, ...optionalParams));
  }

  override debug(message: unknown, ...optionalParams: unknown[]): void {
    this.safely(() => super.debug(message, ...optionalParams));
  }

  override verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.safely(() => super.verbose(message, ...optionalParams));
  }

  override fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.safely(() => super.fatal(message, ...optionalParams));
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    // Escaped before Nest colours the line: its own colour codes stay, a remote server's go.
    const shown = typeof message === 'string' ? escapeControlCharacters(message) : message;
    const line = super.formatMessage(logLevel, shown, pidMessage, formattedLogLevel, contextMessage, timestampDiff);
    return SecretRedactor.redactEverywhere(line);
  }

  protected override printStackTrace(stack: unknown): void {
    if (typeof stack !== 'string' || stack === '') return;
    super.printStackTrace(escapeControlCharacters(SecretRedactor.redactEverywhere(stack), true));
  }

  /** Runs a write; if it throws, one plain masked line on stderr instead, and never an exception. */
  private safely(write: () => void): void {
    try {
      write();
    } catch (error) {
      try {
        const why = escapeControlCharacters(SecretRedactor.redactEverywhere(logText(error)));
        process.stderr.write(`[ipfs-kit] a log line could not be written: ${why}\n`);
      } catch {
        // nothing left to report with
      }
    }
  }
}
