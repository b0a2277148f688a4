/** A delivery failure whose message is safe to store and show (no URL, no secret). */
export class DeliveryError extends Error {}

/**
 * POSTs (or PUTs) a body and resolves on a 2xx answer. The error names the status and
 * at most 200 characters of the answer, never the URL (a chat webhook's URL is its secret).
 */
export async function deliverHttp(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  method: 'POST' | 'PUT' = 'POST',
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method, body, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    throw new DeliveryError(name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `cannot connect${cause ? ` (${cause})` : ''}`);
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
  throw new DeliveryError(`HTTP ${response.status}${text ? `: ${text}` : ''}`);
}
