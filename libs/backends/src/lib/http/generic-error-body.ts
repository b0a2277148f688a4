import type { ServiceErrorDetail } from './http-status-error';
import { excerpt } from '../secrets/secret-scrubber';

/**
 * Words from an error body whose format is loose: a JSON object's `message` or
 * `error` string (IPFS Cluster's api.Error, most proxies), else the text itself,
 * shortened to one line. Empty bodies give nothing.
 */
export function describeGenericErrorBody(_status: number, body: string): ServiceErrorDetail | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const object = parsed as Record<string, unknown>;
      for (const key of ['message', 'error', 'detail']) {
        const value = object[key];
        if (typeof value === 'string' && value.trim() !== '') return { message: excerpt(value) };
      }
    }
  } catch {
    // not JSON: use the text
  }
  if (trimmed.startsWith('<')) return undefined;
  return { message: excerpt(trimmed) };
}
