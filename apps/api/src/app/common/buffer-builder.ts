/**
 * One Buffer written from many pieces, each copied once: an answer made of kept pieces
 * costs one copy of its bytes, where a joined string would be flattened, then measured
 * and encoded again when it is sent.
 */
export class BufferBuilder {
  private readonly pieces: Array<string | Buffer> = [];
  private readonly sizes: number[] = [];
  private size = 0;

  /** A text whose UTF-8 length is known (kept beside the text). */
  text(text: string, bytes: number): void {
    this.pieces.push(text);
    this.sizes.push(bytes);
    this.size += bytes;
  }

  /** An ASCII text (a number, a comma). */
  ascii(text: string): void {
    this.text(text, text.length);
  }

  bytes(bytes: Buffer): void {
    this.pieces.push(bytes);
    this.sizes.push(bytes.length);
    this.size += bytes.length;
  }

  build(): Buffer {
    const out = Buffer.allocUnsafe(this.size);
    let at = 0;
    for (let i = 0; i < this.pieces.length; i += 1) {
      const piece = this.pieces[i];
      const size = this.sizes[i];
      if (typeof piece !== 'string') out.set(piece, at);
      else if (piece.length !== size) out.write(piece, at, size, 'utf8');
      // As many UTF-8 bytes as characters: ASCII, whose bytes are the same in latin1 (a plain copy, nothing to encode).
      else if (size > SHORT) out.write(piece, at, size, 'latin1');
      else for (let c = 0; c < size; c += 1) out[at + c] = piece.charCodeAt(c);
      at += size;
    }
    return out;
  }
}

/** Up to this many bytes, an ASCII text is written in JavaScript (cheaper than a call into the encoder). */
const SHORT = 8;
