import { BackendError } from '../contract/backend-error';
import { readJsonItems } from './json-items-reader';

function stream(chunks: string[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

const read = (chunks: string[], maxItems = 100) => {
  const items: unknown[] = [];
  const source = stream(chunks);
  const result = readJsonItems(source.body, {
    maxItems,
    maxArrayBytes: 1_000,
    request: 'GET http://h:1/peers',
    onItem: (item) => items.push(item),
  });
  return { result, items, cancelled: source.cancelled };
};

describe(readJsonItems.name, () => {
  it('reads JSON lines split anywhere across chunks', async () => {
    const sut = read(['{"id":"a"}\n{"i', 'd":"b"}\n', '\n{"id":"c"}']);
    expect(await sut.result).toEqual({ count: 3, truncated: false, format: 'ndjson' });
    expect(sut.items).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('reads a JSON array answered whole', async () => {
    const sut = read(['  [{"id":"a"},', '{"id":"b"}]']);
    expect(await sut.result).toEqual({ count: 2, truncated: false, format: 'array' });
    expect(sut.items).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('stops at maxItems, cancels the rest of the stream and says it was truncated', async () => {
    const sut = read(['{"n":1}\n{"n":2}\n{"n":3}\n', '{"n":4}\n'], 2);
    expect(await sut.result).toEqual({ count: 2, truncated: true, format: 'ndjson' });
    expect(sut.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(sut.cancelled()).toBe(true);
  });

  it('is not truncated when the stream holds exactly maxItems', async () => {
    const sut = read(['{"n":1}\n{"n":2}\n'], 2);
    expect(await sut.result).toEqual({ count: 2, truncated: false, format: 'ndjson' });
  });

  it('reads an empty body as an empty collection', async () => {
    expect(await read([]).result).toEqual({ count: 0, truncated: false, format: 'empty' });
    expect(await read(['\n  \n']).result).toEqual({ count: 0, truncated: false, format: 'empty' });
  });

  it('refuses a line that is not JSON as a protocol error naming the request and the line', async () => {
    const error = await read(['{"n":1}\n{"n":\n']).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('protocol');
    expect((error as BackendError).message).toBe(
      'GET http://h:1/peers answered line 2 of its JSON stream that does not parse',
    );
  });

  it('refuses a JSON array larger than maxArrayBytes and cancels it', async () => {
    const sut = read(['[', `"${'x'.repeat(600)}",`, `"${'y'.repeat(600)}",`, `"${'z'.repeat(600)}",`, '"end"]']);
    await expect(sut.result).rejects.toThrow('answered a JSON array over 1000 bytes');
    expect(sut.cancelled()).toBe(true);
  });
});
