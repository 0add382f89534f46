/**
 * Ids written as whole numbers — typically beyond ±2^53, which a double cannot hold, so they are read
 * as text. Redrawing their digits one by one would leave the real range (and int64): a 19-digit id
 * starting 9 is past 2^63. So they are drawn uniformly from the range the templates span instead,
 * kept as exact integers (BigInt).
 */
import type { Rng } from '../random.js';

/** A canonical integer: no leading zeros (`007` is a code with a fixed width, reshaped by position). */
const INTEGER = /^-?(0|[1-9]\d*)$/;

export interface IntegerRange {
  readonly min: bigint;
  readonly max: bigint;
}

/** The templates' range when every one is a whole number (and they are not all one value). */
export function integerRange(templates: readonly string[]): IntegerRange | undefined {
  if (templates.length < 2 || !templates.every((t) => INTEGER.test(t))) return undefined;
  let min = BigInt(templates[0]!);
  let max = min;
  for (const t of templates) {
    const v = BigInt(t);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === max ? undefined : { min, max };
}

const CHUNK_BITS = 30;

/** Uniform in [0, span]: random bits as wide as span, drawn again when above it (under half the time). */
function upTo(span: bigint, rng: Rng): bigint {
  const bits = span.toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let x = 0n;
    for (let b = 0; b < bits; b += CHUNK_BITS) x = (x << BigInt(CHUNK_BITS)) | BigInt(rng.int(0, 2 ** CHUNK_BITS - 1));
    x &= mask;
    if (x <= span) return x;
  }
}

/** A whole number drawn uniformly from the range, written in full. */
export function drawInteger(range: IntegerRange, rng: Rng): string {
  return String(range.min + upTo(range.max - range.min, rng));
}

/** Integers tried after a collision: bounded, as a sample may ask for more ids than the range holds. */
const PROBES = 64;

/** The first integer after `v` (wrapping within the range) neither drawn yet nor a template, if one is near. */
export function nextInteger(range: IntegerRange, v: bigint, seen: ReadonlySet<string>, known: ReadonlySet<string>): string | undefined {
  const size = range.max - range.min + 1n;
  for (let k = 1n; k <= BigInt(PROBES) && k < size; k++) {
    const s = String(range.min + ((v - range.min + k) % size));
    if (!seen.has(s) && !known.has(s)) return s;
  }
  return undefined;
}
