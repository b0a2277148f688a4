import type { ApiErrorDto } from '../generated';

/**
 * One readable sentence from an API error answer (`{ statusCode, error, message, fields }`),
 * or from anything else thrown (network failure, bad JSON).
 */
export function apiErrorMessage(error: unknown, status?: number): string {
  if (isApiError(error)) {
    const fields = (error.fields ?? []).map((problem) => `${problem.field}: ${problem.messages.join(', ')}`).join('; ');
    const base = error.message || error.error;
    return fields && !base.includes(fields) ? `${base} (${fields})` : base;
  }
  if (error instanceof Error) return error.message;
  if (typeof error === 'string' && error.trim()) return error;
  return status ? `The API answered ${status}` : 'The API could not be reached';
}

function isApiError(value: unknown): value is ApiErrorDto {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
