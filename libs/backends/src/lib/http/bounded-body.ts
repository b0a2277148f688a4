import { BackendError } from '../contract/backend-error';

/** Reads a response body as UTF-8 text, refusing (and cancelling) bodies over `maxBytes`. */
export async function readBoundedText(response: Response, maxBytes: number, request: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BackendError('protocol', `${request} answered more than ${maxBytes} bytes; refusing to read further`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Discards a body so the connection can be reused; errors are irrelevant here. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
