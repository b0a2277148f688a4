import { ApiCallError, sdkData } from './sdk-call';

describe('sdkData', () => {
  // Only the status of the answer is read (jsdom has no Response).
  const answered = (status: number) => ({ status }) as Response;

  it('gives the data of an answer', async () => {
    await expect(sdkData(Promise.resolve({ data: { ok: 1 }, response: answered(200) }))).resolves.toEqual({ ok: 1 });
  });

  it("throws the API's error message with the status", async () => {
    const failed = sdkData(
      Promise.resolve({ error: { error: 'Conflict', message: 'service "a" exists' }, response: answered(409) }),
    );
    await expect(failed).rejects.toEqual(
      expect.objectContaining({ name: 'ApiCallError', message: 'service "a" exists', status: 409 }),
    );
    await expect(sdkData(Promise.resolve({ error: {}, response: answered(502) }))).rejects.toThrow(
      'The API answered 502',
    );
  });

  it('says when the API could not be reached, without a status', async () => {
    const error = await sdkData(Promise.reject(new TypeError('fetch failed'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ message: 'Cannot reach the API: fetch failed', status: null });
  });

  it('refuses an answer without data unless an empty answer is expected', async () => {
    await expect(sdkData(Promise.resolve({ response: answered(204) }))).rejects.toMatchObject({ status: 204 });
    await expect(sdkData(Promise.resolve({ response: answered(204) }), true)).resolves.toBeUndefined();
  });
});
