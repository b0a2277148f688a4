/**
 * The packed form of a minute of probe samples: the raw samples live in their minute's
 * rollup row (column `r`), 5 bytes a sample, in time order, one sample per millisecond:
 *
 *   bytes 0-1  the sample's time in ms within its minute (0..59,999), big-endian. Whole
 *              milliseconds, not seconds: answers give sample times to the millisecond,
 *              and 60,000 values fit in 16 bits.
 *   byte  2    bit 0: up (1) or down (0); bits 1-7: the error code's id in h_error_codes
 *              (0: no error).
 *   bytes 3-4  the latency code (latencyCode), big-endian.
 */
export const PACKED_SAMPLE_BYTES = 5;
export const MINUTE_MS = 60_000;

/** One sample as packed: `offset` in ms within the minute, `codeId` the error code's id (0: none), `latency` the latency code. */
export interface PackedSample {
  offset: number;
  up: 0 | 1;
  codeId: number;
  latency: number;
}

/** Latency codes, from the stored latency (tenths of a millisecond): */
const FINE_BELOW = 50_000; // below 5 s: the code is the stored value (0.1 ms steps)
const COARSE_STEP = 10; // from 5 s: whole milliseconds
const LATENCY_NULL = 0xffff;
const LATENCY_CODE_MAX = 0xfffe;
/** The longest latency a raw sample keeps, in stored units (tenths of a ms): 20,534 ms. Longer ones read back as this. */
export const LATENCY_CAP_STORED = FINE_BELOW + (LATENCY_CODE_MAX - FINE_BELOW) * COARSE_STEP;

/**
 * The one rule of the packed latency: to 0.1 ms below 5 s, to 1 ms from 5 s up to
 * 20,534 ms, saturating there; null (unknown, a failed probe) has its own code.
 */
export function latencyCode(stored: number | null): number {
  if (stored === null) return LATENCY_NULL;
  const tenths = Math.max(0, Math.round(stored));
  if (tenths < FINE_BELOW) return tenths;
  return Math.min(LATENCY_CODE_MAX, FINE_BELOW + Math.round((tenths - FINE_BELOW) / COARSE_STEP));
}

/** The stored latency (tenths of a millisecond) a code stands for. */
export function latencyFromCode(code: number): number | null {
  if (code === LATENCY_NULL) return null;
  return code < FINE_BELOW ? code : FINE_BELOW + (code - FINE_BELOW) * COARSE_STEP;
}

/** The largest error code id (7 bits). */
export const MAX_CODE_ID = 0x7f;

export function encodeMinute(samples: readonly PackedSample[]): Uint8Array {
  const bytes = new Uint8Array(samples.length * PACKED_SAMPLE_BYTES);
  const view = new DataView(bytes.buffer);
  samples.forEach((sample, i) => {
    const at = i * PACKED_SAMPLE_BYTES;
    view.setUint16(at, sample.offset);
    view.setUint8(at + 2, (sample.codeId << 1) | sample.up);
    view.setUint16(at + 3, sample.latency);
  });
  return bytes;
}

/** The samples of a packed minute; a torn tail (not a whole sample) is ignored. */
export function decodeMinute(bytes: Uint8Array): PackedSample[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples: PackedSample[] = [];
  for (let at = 0; at + PACKED_SAMPLE_BYTES <= bytes.byteLength; at += PACKED_SAMPLE_BYTES) {
    const flags = view.getUint8(at + 2);
    samples.push({ offset: view.getUint16(at), up: (flags & 1) as 0 | 1, codeId: flags >> 1, latency: view.getUint16(at + 3) });
  }
  return samples;
}

/**
 * Adds samples to a packed minute: the result is in time order with one sample per
 * millisecond; a sample at a millisecond already taken (by the minute or an earlier
 * incoming sample) is left out, as a second raw row at the same millisecond always was.
 * Returns the merged minute and the indexes of the incoming samples it took.
 */
export function mergeMinute(existing: readonly PackedSample[], incoming: readonly PackedSample[]): { merged: PackedSample[]; added: number[] } {
  const taken = new Set(existing.map((sample) => sample.offset));
  const added: number[] = [];
  incoming.forEach((sample, i) => {
    if (taken.has(sample.offset)) return;
    taken.add(sample.offset);
    added.push(i);
  });
  const merged = [...existing, ...added.map((i) => incoming[i])];
  // Usually already in order (probes come in time order); sort only when not.
  if (merged.some((sample, i) => i > 0 && sample.offset < merged[i - 1].offset)) merged.sort((a, b) => a.offset - b.offset);
  return { merged, added };
}
