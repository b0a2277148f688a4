import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SecretRedactor } from '../store/secret-redactor';
import { toErrorResponse } from './error-response';

/**
 * Every error becomes JSON `{statusCode, error, message, field(s)}` with secrets
 * masked. Unexpected errors are logged (masked) and answered as a plain 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly redactor: SecretRedactor) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toErrorResponse(exception, (text) => this.redactor.redact(text));
    if (body.statusCode >= 500) {
      const detail = exception instanceof Error ? exception.stack ?? exception.message : String(exception);
      this.logger.error(`${body.statusCode} ${body.message}: ${this.redactor.redact(detail)}`);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }
}
