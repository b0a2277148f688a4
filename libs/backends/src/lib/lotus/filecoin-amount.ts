/** attoFIL per FIL: 10^18. */
export const ATTO_PER_FIL = 10n ** 18n;

/**
 * Reads a token amount as Lotus encodes it (types.BigInt: a decimal string of attoFIL,
 * possibly negative). Returns undefined for anything else.
 */
export function parseAttoFil(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^-?\d{1,80}$/.test(value)) return undefined;
  return BigInt(value);
}

/** attoFIL to a decimal FIL string, exact (no floating point): 1500000000000000000n → "1.5". */
export function attoFilToFil(atto: bigint): string {
  const negative = atto < 0n;
  const magnitude = negative ? -atto : atto;
  const whole = magnitude / ATTO_PER_FIL;
  const fraction = (magnitude % ATTO_PER_FIL).toString().padStart(18, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * FIL as a JavaScript number for charts and Prometheus: the nearest double, so it may
 * lose digits past ~15 significant figures. The exact value is the string form.
 */
export function attoFilToFilNumber(atto: bigint): number {
  return Number(attoFilToFil(atto));
}
