import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { SecretRedactor } from '../store/secret-redactor';

/** Start-up chatter of Nest itself, shown only with IPFS_KIT_LOG_LEVEL=debug. */
const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's console logger with every known secret value masked in each line. */
export class RedactingLogger extends ConsoleLogger {
  private readonly quiet: boolean;

  constructor(context?: string, options: { logLevels?: LogLevel[] } = {}) {
    super(context ?? '', { timestamp: false, ...options });
    this.quiet = process.env['IPFS_KIT_LOG_LEVEL'] !== 'debug';
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.length > 0 ? optionalParams[optionalParams.length - 1] : this.context;
    if (this.quiet && typeof context === 'string' && NOISY_CONTEXTS.has(context)) return;
    super.log(message, ...optionalParams);
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    const line = super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff);
    return SecretRedactor.redactEverywhere(line);
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(SecretRedactor.redactEverywhere(stack));
  }
}
