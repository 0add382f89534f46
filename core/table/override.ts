/**
 * Column types forced by the user. Where inference looks at the values to choose a type, an
 * override checks that every value parses under the type it was given, and remembers the first
 * values that do not (with their rows) so the user can see why an edit was refused.
 *
 * What each type accepts (missing spellings are missing under every type):
 * - integer: a number with no fractional part (`2007`, `-3`, `1e3`, `1,234`) within ±2^53
 *   (Number.MAX_SAFE_INTEGER), which a double holds exactly;
 * - integer and float: `inf`, `-Infinity`, `1e309` and the like too, read as missing (infer.ts rule 4e);
 * - float: any number (thousands separators allowed: `1,234.50`); a decimal comma too (`0,33`,
 *   `1.234,56`; quoted in a comma file, `"3,5"`), but not both in one column: the column is
 *   read with the spelling that fits the most values (thousands when both fit all, as inference
 *   prefers rule 4b), and the values that spelling cannot read are refused; numbers with a
 *   currency or percent affix (`$1,234.50`, `12.5%`, infer.ts rule 4d) too, when every affixed
 *   value has the same one: the column is then written back with it (plain numbers among them too);
 * - boolean: one false and one true spelling of true/false, yes/no, y/n, t/f or 1/0;
 * - categorical: anything, up to 10 000 distinct values;
 * - datetime: a date in the given format, or in the known format that fits every value;
 * - text, id: anything.
 */
import type { LogicalType } from './model.js';
import { compareLabels, preferPadded, type InferredColumn } from './infer.js';
import { FALSE_WORDS, NUMBER, TRUE_WORDS, commaDecimalsOf, decimalsOf, isNonFiniteText } from './value-facts.js';
import { MISSING_SPELLINGS, isMissingBytes } from './missing.js';
import { cellDecoder, needsTrim, trim, type CellDecoder } from './cell.js';
import { DATETIME_FORMATS, acceptedByFormat, datetimeFormat, parseDatetime, type DatetimeFormat } from './datetime.js';
import { datetimeReader, type DatetimeReader } from './date-bytes.js';
import { AffixFold, DECIMAL_COMMA, DecimalCommaShape, NumberShape, decimalCommaAffix, THOUSANDS, ThousandsShape, isNonFiniteWord, numberOf, readAffixed, readNumber } from './numbers.js';
import { ABSENT, ByteMap } from './byte-map.js';
import type { CsvBatch } from './tokenizer.js';

export interface ColumnOverride {
  readonly type: LogicalType;
  /** A datetime format name (core/table/datetime.ts); without one, the format that fits is found. */
  readonly format?: string;
}

export type ColumnOverrides = Readonly<Record<string, ColumnOverride>>;

export interface BadValue {
  /** 1-based data row, as the data pages count them. */
  readonly row: number;
  /** Line of the source file. */
  readonly line: number;
  readonly value: string;
}

/** Why a column cannot take the type it was given. */
export interface OverrideFailure {
  readonly column: string;
  readonly type: LogicalType;
  readonly format?: string;
  readonly bad_count: number;
  readonly bad_values: BadValue[];
  readonly problem: string;
}

export const MAX_BAD_EXAMPLES = 5;
export const MAX_FORCED_CATEGORIES = 10_000;

class BadValues {
  count = 0;
  readonly first: BadValue[] = [];
  add(value: string, row: number, line: number): void {
    if (this.count++ < MAX_BAD_EXAMPLES) this.first.push({ row, line, value });
  }
}

/** One way a float column may spell its numbers, with the values it cannot read and the decimals of those it can. */
class FloatSpelling {
  readonly bad = new BadValues();
  maxDecimals = 0;
  minDecimals = Infinity;
  /** The thousands spelling only: the affix its affixed values share (infer.ts rule 4d). */
  readonly affix = new AffixFold();
  /** The decimal-comma spelling only: a value had `.` between thousands (`1.234,5`), so output is grouped so. */
  grouped = false;
  constructor(readonly decimalComma: boolean) {}
  fits(decimals: number): void {
    this.maxDecimals = Math.max(this.maxDecimals, decimals);
    this.minDecimals = Math.min(this.minDecimals, decimals);
  }
  /** A value that is neither NUMBER nor THOUSANDS: read when it has the affix of the others. */
  fitsAffixed(v: string, row: number, line: number): void {
    const a = this.decimalComma ? undefined : readAffixed(v);
    if (!a || !this.affix.fits(a)) this.bad.add(v, row, line);
  }

  /** Most and fewest decimals of every value read, the affixed ones as their fold reads them (`€1,234` has 3 in a decimal-comma column). */
  decimalsRange(): { max: number; min: number } {
    const affixed = this.affix.decimals();
    return affixed ? { max: Math.max(this.maxDecimals, affixed.max), min: Math.min(this.minDecimals, affixed.min) } : { max: this.maxDecimals, min: this.minDecimals };
  }
}

const BOOLEAN_FALSE = new Set([...FALSE_WORDS, '0']);
const BOOLEAN_TRUE = new Set([...TRUE_WORDS, '1']);

export class OverrideCheck {
  private readonly bad = new BadValues();
  private readonly distinct = new Set<string>();
  /** Float only: plain and thousands-separated numbers; then, where the file allows it, plain numbers and a decimal comma. */
  private readonly floats: FloatSpelling[];
  private falseLabel: string | undefined;
  private trueLabel: string | undefined;
  /** Datetime only: each candidate format with the values it cannot read. */
  private readonly dates: { format: DatetimeFormat; read: DatetimeReader; bad: BadValues }[];
  private readonly shape = new NumberShape();
  /** An integer override refused a whole number beyond ±2^53: the problem says so. */
  private refusedUnsafe = false;
  /** Integer and float: cells read as missing by rule 4e (infinity, `1e309`). */
  private nonFinite = 0;
  private readonly thousands = new ThousandsShape();
  private readonly comma = new DecimalCommaShape();
  /** Categorical only: byte spellings of values already among the distinct ones. */
  private readonly knownBytes = new ByteMap();

  constructor(
    readonly name: string,
    readonly override: ColumnOverride,
    private readonly decode: CellDecoder = cellDecoder('utf-8'),
    decimalComma = false,
  ) {
    this.floats = override.type !== 'float' ? [] : decimalComma ? [new FloatSpelling(false), new FloatSpelling(true)] : [new FloatSpelling(false)];
    const formats = override.type !== 'datetime' ? [] : override.format ? [datetimeFormat(override.format)] : DATETIME_FORMATS;
    this.dates = formats.map((format) => ({ format, read: datetimeReader(format), bad: new BadValues() }));
  }

  /** Rows [from, to) of column `column` of a batch; `firstRow` is the data row number of row `from`. */
  addColumn(batch: CsvBatch, column: number, from: number, to: number, firstRow: number): void {
    // Text and ids take any value: nothing to check, not even which cells are missing.
    if (this.override.type === 'text' || this.override.type === 'id') return;
    const { buffer, starts, ends, width, lines } = batch;
    for (let r = from; r < to; r++) this.addBytes(buffer, starts[r * width + column]!, ends[r * width + column]!, firstRow + r - from, lines[r]!);
  }

  /** The cell bytes[start, end): the same as `add` of its text, reading it from the bytes where the type allows. */
  addBytes(bytes: Buffer, start: number, end: number, row: number, line: number): void {
    if (needsTrim(bytes, start, end)) return this.add(this.decode(bytes, start, end), row, line);
    if (isMissingBytes(bytes, start, end)) return;
    const decode = this.decode;
    switch (this.override.type) {
      case 'integer':
        if (this.shape.read(bytes, start, end)) {
          if (this.shape.overflow) this.nonFinite++;
          else if (!this.integerFits(readNumber(bytes, start, end) ?? Number(decode(bytes, start, end)))) this.bad.add(decode(bytes, start, end), row, line);
        } else if (isNonFiniteWord(bytes, start, end)) this.nonFinite++;
        else if (!this.thousands.read(bytes, start, end) || !this.integerFits(numberOf(decode(bytes, start, end)))) this.bad.add(decode(bytes, start, end), row, line);
        break;
      case 'float':
        // Rule 4e's cells are missing: an overflowing NUMBER, or a spelling of infinity.
        if (this.shape.read(bytes, start, end)) {
          if (this.shape.overflow) this.nonFinite++;
          else for (const f of this.floats) f.fits(this.shape.decimals);
        } else if (isNonFiniteWord(bytes, start, end)) this.nonFinite++;
        else this.addFloatBytes(bytes, start, end, row, line);
        break;
      case 'categorical': {
        if (this.knownBytes.get(bytes, start, end) !== ABSENT) break;
        const v = decode(bytes, start, end);
        this.add(v, row, line);
        if (this.distinct.has(v) && this.knownBytes.size < 2 * MAX_FORCED_CATEGORIES) this.knownBytes.set(bytes, start, end, 0);
        break;
      }
      case 'datetime':
        for (const d of this.dates) if (Number.isNaN(d.read(bytes, start, end, decode))) d.bad.add(decode(bytes, start, end), row, line);
        break;
      case 'boolean':
        this.addBoolean(decode(bytes, start, end), row, line);
        break;
      case 'text':
      case 'id':
        break;
    }
  }

  /** Whole and held exactly: an integer override must not round 19-digit account numbers (infer.ts rule 4a). */
  private integerFits(value: number): boolean {
    if (Number.isSafeInteger(value)) return true;
    if (Number.isInteger(value)) this.refusedUnsafe = true;
    return false;
  }

  add(raw: string, row: number, line: number): void {
    const v = trim(raw);
    if (MISSING_SPELLINGS.has(v)) return;
    if ((this.override.type === 'integer' || this.override.type === 'float') && isNonFiniteText(v)) {
      this.nonFinite++;
      return;
    }
    switch (this.override.type) {
      case 'integer':
        if (!(NUMBER.test(v) || THOUSANDS.test(v)) || !this.integerFits(numberOf(v))) this.bad.add(v, row, line);
        break;
      case 'float':
        if (NUMBER.test(v)) for (const f of this.floats) f.fits(decimalsOf(v));
        else {
          const thousands = this.floats[0]!;
          if (THOUSANDS.test(v)) thousands.fits(decimalsOf(v));
          else thousands.fitsAffixed(v, row, line);
          const comma = this.floats[1];
          if (comma && DECIMAL_COMMA.test(v)) {
            comma.fits(commaDecimalsOf(v));
            if (v.includes('.')) comma.grouped = true;
          } else comma?.bad.add(v, row, line);
        }
        break;
      case 'boolean':
        this.addBoolean(v, row, line);
        break;
      case 'categorical':
        if (this.distinct.has(v)) break;
        if (this.distinct.size >= MAX_FORCED_CATEGORIES) this.bad.add(v, row, line);
        else this.distinct.add(v);
        break;
      case 'datetime':
        for (const d of this.dates) if (Number.isNaN(parseDatetime(d.format, v))) d.bad.add(v, row, line);
        break;
      case 'text':
      case 'id':
        break;
    }
  }

  /** A float cell that is not a NUMBER: each spelling reads it or refuses it. */
  private addFloatBytes(bytes: Buffer, start: number, end: number, row: number, line: number): void {
    const [thousands, comma] = this.floats;
    if (this.thousands.read(bytes, start, end)) thousands!.fits(this.thousands.decimals);
    else thousands!.fitsAffixed(this.decode(bytes, start, end), row, line);
    if (!comma) return;
    if (this.comma.read(bytes, start, end)) {
      comma.fits(this.comma.decimals);
      if (this.comma.grouped) comma.grouped = true;
    } else comma.bad.add(this.decode(bytes, start, end), row, line);
  }

  /** The spelling that reads the most values; thousands when both read as many (inference's rule 4b comes before 4c). */
  private bestFloat(): FloatSpelling {
    const [thousands, comma] = this.floats;
    return comma && comma.bad.count < thousands!.bad.count ? comma : thousands!;
  }

  /** The first false and the first true spelling become the two categories; any other spelling is refused. */
  private addBoolean(v: string, row: number, line: number): void {
    const lower = v.toLowerCase();
    if (BOOLEAN_FALSE.has(lower)) {
      this.falseLabel ??= v;
      if (v !== this.falseLabel) this.bad.add(v, row, line);
    } else if (BOOLEAN_TRUE.has(lower)) {
      this.trueLabel ??= v;
      if (v !== this.trueLabel) this.bad.add(v, row, line);
    } else this.bad.add(v, row, line);
  }

  /** The datetime format that reads the most values (month first when day and month order is ambiguous, as inference does). */
  private bestDate(): { format: DatetimeFormat; bad: BadValues } | undefined {
    const fewest = Math.min(...this.dates.map((d) => d.bad.count));
    const fitting = this.dates.filter((d) => d.bad.count === fewest);
    const best = preferPadded(fitting, (d) => d.format);
    return best.find((d) => d.format.fields[0] === 'M') ?? best[0];
  }

  failure(): OverrideFailure | undefined {
    const date = this.override.type === 'datetime' ? this.bestDate() : undefined;
    const bad = date?.bad ?? (this.override.type === 'float' ? this.bestFloat().bad : this.bad);
    if (bad.count === 0) return undefined;
    const format = date?.format.name;
    return {
      column: this.name,
      type: this.override.type,
      ...(format ? { format } : {}),
      bad_count: bad.count,
      bad_values: bad.first,
      problem: this.problem(format),
    };
  }

  /** What the type accepts, in a few words. */
  private problem(format: string | undefined): string {
    switch (this.override.type) {
      case 'integer':
        return this.refusedUnsafe ? 'whole numbers within ±2^53 only (larger ones cannot be held exactly: use text or id)' : 'whole numbers only';
      case 'float':
        return 'numbers only';
      case 'boolean':
        return 'one false and one true spelling of true/false, yes/no, y/n, t/f or 1/0';
      case 'categorical':
        return `at most ${MAX_FORCED_CATEGORIES} distinct values`;
      default:
        return this.override.format && format ? `dates in ${acceptedByFormat(datetimeFormat(format))} only` : `dates in one known format; the closest is ${format}`;
    }
  }

  /**
   * The column as the user typed it; `inferred` gives the counts inference made of the same values,
   * and `offsetOf` the UTC offset to write them at in a format (infer.ts ColumnAccumulator.offsetOf).
   */
  finish(inferred: InferredColumn, offsetOf: (format: string) => { utcOffset?: string } = () => ({})): InferredColumn {
    const { name, distinct } = inferred;
    // Inference already counted rule 4e's cells as missing when it found the column numeric itself.
    const numeric = inferred.type === 'integer' || inferred.type === 'float';
    const missing = inferred.missing + (numeric ? 0 : this.nonFinite);
    const base = { name, missing, distinct, type: this.override.type };
    switch (this.override.type) {
      case 'float': {
        const f = this.bestFloat();
        const { max, min } = f.decimalsRange();
        const fixedDecimals = min === max;
        const affix = f.affix.affix();
        if (affix) return { ...base, decimals: max, fixedDecimals, affix, reason: `type set by the user (written with ${affix.prefix || affix.suffix})` };
        if (!f.decimalComma) return { ...base, decimals: max, fixedDecimals, reason: 'type set by the user' };
        return { ...base, decimals: max, fixedDecimals, decimalComma: true, affix: decimalCommaAffix(f.grouped), reason: 'type set by the user (read with a decimal comma)' };
      }
      case 'boolean':
        return { ...base, categories: [this.falseLabel ?? 'false', this.trueLabel ?? 'true'], reason: 'type set by the user' };
      case 'categorical':
        return { ...base, categories: [...this.distinct].sort(compareLabels), reason: 'type set by the user' };
      case 'datetime': {
        const format = this.bestDate()!.format.name;
        const how = this.override.format ? `format ${format} set by the user` : `format ${format} fits every value`;
        return { ...base, format, ...offsetOf(format), reason: `type set by the user: datetime, ${how}` };
      }
      default:
        return { ...base, reason: 'type set by the user' };
    }
  }
}

/** One sentence per refused column, e.g. `year cannot be integer (whole numbers only): 2 values do not fit, e.g. row 3 "abc", row 9 "x".` */
export function describeFailure(f: OverrideFailure): string {
  const examples = f.bad_values.map((b) => `row ${b.row} ${JSON.stringify(b.value)}`).join(', ');
  const fit = f.bad_count === 1 ? '1 value does not fit' : `${f.bad_count} values do not fit`;
  return `${f.column} cannot be ${f.type} (${f.problem}): ${fit}, e.g. ${examples}.`;
}
