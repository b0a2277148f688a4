import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { sendErrorAnswer } from './error-answer';

/**
 * Every error becomes JSON `{statusCode, error, message, field(s)}` with secrets
 * masked; a 5xx also carries `error_id`, the id of its log line (see sendErrorAnswer).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    sendErrorAnswer(exception, response, { redact: (text) => this.redactor.redact(text), home: this.settings.home });
  }
}
