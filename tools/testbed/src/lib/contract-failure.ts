import type { ServerResponse } from 'node:http';

/** A canned error answer a contract server gives instead of its documented success. */
export interface ContractFailure {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (text/plain unless headers say otherwise); anything else as JSON. */
  body?: unknown;
}

/**
 * Failures switched on by tests: `fail('/id', ...)` makes every request whose path
 * (without query) starts with '/id' answer the failure; `'*'` matches all.
 */
export class ContractFailures {
  private readonly byPrefix = new Map<string, ContractFailure>();

  fail(pathPrefix: string, failure: ContractFailure): void {
    this.byPrefix.set(pathPrefix, failure);
  }

  clear(): void {
    this.byPrefix.clear();
  }

  /** Answers with a matching failure and returns true, or returns false. */
  answer(path: string, response: ServerResponse): boolean {
    const bare = path.split('?')[0] ?? path;
    for (const [prefix, failure] of this.byPrefix) {
      if (prefix === '*' || bare.startsWith(prefix)) {
        writeFailure(response, failure);
        return true;
      }
    }
    return false;
  }
}

export function writeFailure(response: ServerResponse, failure: ContractFailure): void {
  const text =
    failure.body === undefined
      ? ''
      : typeof failure.body === 'string'
        ? failure.body
        : `${JSON.stringify(failure.body)}\n`;
  const contentType =
    failure.body === undefined
      ? {}
      : { 'content-type': typeof failure.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' };
  response.writeHead(failure.status, { ...contentType, ...(failure.headers ?? {}) });
  response.end(text);
}
