import { BufferBuilder } from './buffer-builder';

describe('BufferBuilder', () => {
  it('writes texts (ASCII, short or long, and any other UTF-8) and buffers in order, each once', () => {
    const pieces: Array<string | Buffer> = ['{', '"ascii-long":"' + 'x'.repeat(600) + '"', ',', '4.9', 'é', 'ü€', '"naïve — 𝄞 text longer than eight"', Buffer.from(',"stale":false}'), '', 'null'];
    const builder = new BufferBuilder();
    for (const piece of pieces) {
      if (typeof piece !== 'string') builder.bytes(piece);
      else if (/^[\x20-\x7e]*$/.test(piece)) builder.ascii(piece);
      else builder.text(piece, Buffer.byteLength(piece));
    }
    const expected = Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
    expect(builder.build().equals(expected)).toBe(true);
  });

  it('builds an empty buffer from nothing', () => {
    expect(new BufferBuilder().build().length).toBe(0);
  });
});
