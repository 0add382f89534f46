/**
 * The UTC offset a datetime column is written at. Values such as `2024-03-01T10:00:00+02:00` are
 * read as the instants they name (datetime.ts); the column keeps one offset to write every value
 * at, so a column of `+02:00` comes back at `+02:00`, not at `+00:00`. Each value is written at
 * that one offset, so every instant stays exact even when the source mixed offsets.
 *
 * An offset is kept as `Z` or `±hh:mm` whatever shape the source wrote it in (`+0200`, `+02`):
 * the format writes it back in its own shape.
 */

/** An offset as a column keeps it: `Z`, or `±hh:mm` within ±23:59. */
export const UTC_OFFSET = /^(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** How a format writes its offset: `+02:00` (or `Z`), `+0200`, `+02` (date-fns' `xxx`, `xx`, `x`). */
export type OffsetStyle = 'xxx' | 'xx' | 'x';

/** Minutes east of UTC of a kept offset; 0 for none (columns and models saved before offsets were kept). */
export function keptOffsetMinutes(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z') return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return offset[0] === '-' ? -minutes : minutes;
}

/** The code of `Z` among offset codes, which are otherwise minutes east of UTC (so `Z` counts apart from `+00:00`). */
export const ZULU_CODE = 24 * 60;

/** An offset code (minutes east of UTC, or ZULU_CODE) kept as `Z` or `±hh:mm`. */
export function keptOffset(code: number): string {
  if (code === ZULU_CODE) return 'Z';
  const abs = Math.abs(code);
  return `${code < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The code of the offset a value ends in (`+0530` → 330, `-08` → -480, `Z` → ZULU_CODE), or NaN.
 * Asked only of values a format with an offset reads, whose end is then their offset; as numbers,
 * so inference's byte path counts offsets without making a string per cell.
 */
export function trailingOffset(value: string): number {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i) & 0xff;
  return trailingOffsetBytes(bytes, 0, bytes.length);
}

/** `trailingOffset` of the cell bytes[start, end). */
export function trailingOffsetBytes(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n <= 0) return NaN;
  if (bytes[end - 1] === Z) return ZULU_CODE;
  if (n >= 6 && isSign(bytes[end - 6]!) && bytes[end - 3] === COLON) return code(bytes[end - 6]!, twoDigits(bytes, end - 5), twoDigits(bytes, end - 2));
  if (n >= 5 && isSign(bytes[end - 5]!)) return code(bytes[end - 5]!, twoDigits(bytes, end - 4), twoDigits(bytes, end - 2));
  if (n >= 3 && isSign(bytes[end - 3]!)) return code(bytes[end - 3]!, twoDigits(bytes, end - 2), 0);
  return NaN;
}

const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const Z = 90;
const isSign = (b: number) => b === PLUS || b === MINUS;
/** The number of two ASCII digits at `at`, or NaN. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const a = bytes[at]! - 48;
  const b = bytes[at + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}
/** Minutes east of UTC; NaN past ±23:59 (`-00:00` is 0, the same offset as `+00:00`). */
function code(sign: number, hours: number, minutes: number): number {
  if (!(hours <= 23 && minutes <= 59)) return NaN;
  const m = hours * 60 + minutes;
  return sign === MINUS && m !== 0 ? -m : m;
}

/**
 * The offset a format of `style` writes for a kept offset, and the minutes it shifts the instant by.
 * `Z` is written `Z` where the format allows it (`xxx`), else as zero in the format's shape; an
 * offset with minutes that `x` (`+05`) cannot write is written at zero, so the instant stays exact.
 */
export function writtenOffset(style: OffsetStyle, offset: string | undefined): { text: string; minutes: number } {
  if (offset === 'Z' && style === 'xxx') return { text: 'Z', minutes: 0 };
  const minutes = keptOffsetMinutes(offset);
  if (style === 'x' && minutes % 60 !== 0) return { text: '+00', minutes: 0 };
  const sign = minutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
  return { text: style === 'xxx' ? `${sign}${hh}:${mm}` : style === 'xx' ? `${sign}${hh}${mm}` : `${sign}${hh}`, minutes };
}

/**
 * Counts the offsets of a column's values and names the one to write them at: the most common, the
 * first seen among equals (so the same file always gives the same offset). A column of one offset
 * gets it; one that mixes them (daylight saving time: `+01:00` in winter, `+02:00` in summer) gets
 * the offset most of its values were written in. `Z` counts apart from `+00:00`, so a column
 * mostly of `Z` keeps writing `Z`.
 *
 * Cells of a column come in runs of one offset, so a run is counted in one step, not a map
 * lookup per cell: inference adds to this on its hot path.
 */
export class OffsetTally {
  private readonly counts = new Map<number, number>();
  private run = NaN;
  private runLength = 0;

  /** One value's offset code (trailingOffset); NaN, no offset, is not counted. */
  add(code: number): void {
    if (code === this.run) {
      this.runLength++;
      return;
    }
    if (Number.isNaN(code)) return;
    this.flush();
    this.run = code;
    this.runLength = 1;
  }

  /** The offset to write the column at (`Z` or `±hh:mm`); undefined when no value had one. */
  result(): string | undefined {
    this.flush();
    let best: number | undefined;
    let most = 0;
    for (const [code, count] of this.counts) {
      if (count > most) [best, most] = [code, count];
    }
    return best === undefined ? undefined : keptOffset(best);
  }

  private flush(): void {
    if (Number.isNaN(this.run)) return;
    this.counts.set(this.run, (this.counts.get(this.run) ?? 0) + this.runLength);
    this.run = NaN;
    this.runLength = 0;
  }
}
