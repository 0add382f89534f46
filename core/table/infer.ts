/**
 * Streaming column type inference. An accumulator sees every cell of one column once, in bounded
 * memory, and then decides a logical type with a reason a person can check.
 *
 * Rules, in order:
 * 1. every value missing → categorical with no categories;
 * 2. two distinct values spelled as booleans (true/false, yes/no, y/n, t/f) → boolean (0/1 stay integer);
 * 3. digit strings with a leading zero (zip codes, account numbers) → categorical, or id when unique;
 * 4. every value a number → integer or float (a numeric column with few distinct values stays
 *    numeric; the reason says so) — except whole numbers that are all Unix epoch seconds or
 *    milliseconds of 2000–2100 in a column whose name suggests time (`created_at`, `event_ts`,
 *    `timestamp`…): datetime in format epoch_s or epoch_ms, written back as the same integers;
 * 4e. cells spelled as infinity (`inf`, `-inf`, `Infinity`, `-Infinity`, any case) or numbers beyond
 *    the largest double (`1e309`) do not stop rule 4: they are read as missing values, and the
 *    reason says how many — a numeric column never holds a non-finite number, so EDA, generators
 *    and JSON never meet one (Parquet doubles ±Infinity too: they arrive as `Infinity`). A column of
 *    nothing else is not numeric (rules 5–8 decide). Rules 4b–4d do not take them;
 * 4a. but whole numbers of which any is beyond ±2^53 (Number.MAX_SAFE_INTEGER: 19-digit account
 *    numbers) are not numbers: a double would round them, so rules 6–8 decide, and they round-trip as written;
 * 4b. every value a number spelled with thousands separators (`1,234,567`, `1,234.50`; groups of
 *    exactly three digits, at least one value with a comma) → integer or float;
 * 4c. only in a file whose delimiter is not a comma: every value a number written with a decimal
 *    comma (`0,33`, `-12,5`, `1234,0`, with `.` thousands groups only before a comma: `1.234,56`)
 *    or a plain integer, and at least one comma that cannot be a thousands separator (`0,5`,
 *    `12,34`, `1234,5`, `1,2345`) → float. A column whose commas all fit 4b (`1,234`, `12,500`) is
 *    4b's; one with such commas mixed with plain integers (`1,234` and `1234`) is ambiguous and
 *    stays text. Values are read as `0.33`, decimals counted after the comma, and the spelling is
 *    kept as an affix (numbers.ts decimalCommaAffix) so output is written alike;
 * 4d. every value a number with the same currency symbol before it or percent sign (or symbol)
 *    after it (`$1,234.50`, `€12.00`, `-$5.25`, `$-5.25`, `12.5%`; numbers.ts AFFIXED), negative
 *    ones with the minus on the same side of the symbol → integer (no decimals) or float, the
 *    affix kept (`affix`) so output is written alike, grouped by thousands when any value was.
 *    Negatives may be in accounting parentheses (`($5.25)`, `$(5.25)`, `(3%)`), all of them alike.
 *    The European spelling too: a space before the symbol after the number, a decimal comma,
 *    thousands by dots or spaces (`1.234,56 €`, `12,5 %`); and the symbol first with a decimal
 *    comma (`€2.631,93`), where `€1,234` reads as the column's other values show (numbers.ts AffixFold).
 *    A percent is the number as written (12.5% → 12.5). A column mixing affixed and plain
 *    numbers (`$5` and `7`) or two affixes (`$5` and `€5`) is not numeric: rules 5–8 decide;
 * 5. every value a date in one known format → datetime (dd/mm vs mm/dd decided by values > 12,
 *    mm/dd when nothing tells them apart; a padded format such as MM/DD/YYYY before an unpadded
 *    one such as M/D/YYYY when both read every value, else the fewest unpadded parts; offsets such as `+02:00` read as instants,
 *    written back at the column's offset: the one its values share, else the most common,
 *    utc-offset.ts);
 * 6. unique in every row and shaped like a key (no spaces) → id;
 * 7. few distinct values (≤ max(20, 5 % of rows), at most 1000) → categorical;
 * 8. otherwise → text.
 */
import type { LogicalType, NumberAffix } from './model.js';
import { DATETIME_FORMATS, type DatetimeFormat } from './datetime.js';
import { anyFormat, bothFormats, formatsIn, hasFormat, withoutFormat, type FormatSet } from './format-set.js';
import { MISSING_SPELLINGS, isMissingBytes } from './missing.js';
import { cellDecoder, needsTrim, trim, type CellDecoder } from './cell.js';
import { ALL_DATES, FALSE_WORDS, OFFSET_DATES, TRUE_WORDS, factsOf, isBooleanWord, type OpenQuestions, type ValueFacts } from './value-facts.js';
import { OffsetTally, trailingOffsetBytes } from './utc-offset.js';
import { AffixFold, AffixedShape, affixNumber, DecimalCommaShape, decimalCommaAffix, NumberShape, ThousandsShape, isNonFiniteWord, readAffixed, type AffixedNumber } from './numbers.js';
import { datetimeReader } from './date-bytes.js';
import { ABSENT, ByteMap } from './byte-map.js';
import type { CsvBatch } from './tokenizer.js';

export const DISTINCT_CAP = 10_000;
/** Byte spellings remembered per column: distinct values, missing spellings, and the few byte strings that decode alike (invalid UTF-8). */
const BYTE_KEYS_CAP = 2 * DISTINCT_CAP + 64;
const DATE_READERS = DATETIME_FORMATS.map(datetimeReader);
const SPACE = 32;
const utf8 = cellDecoder('utf-8');

export interface InferredColumn {
  readonly name: string;
  readonly type: LogicalType;
  readonly reason: string;
  readonly missing: number;
  /** Exact while below the cap of 10 000; then a lower bound. */
  readonly distinct: number;
  readonly format?: string;
  /** Sorted labels of categorical and boolean columns (booleans: false spelling first). */
  readonly categories?: string[];
  readonly decimals?: number;
  readonly fixedDecimals?: boolean;
  /** A float column written with a decimal comma (rule 4c, or a float override that read one): parse reads `0,33` as 0.33. */
  readonly decimalComma?: boolean;
  /** An integer or float column whose every value had this currency or percent affix (rule 4d, or a float override that read one); rule 4c's decimal comma, to write it back. */
  readonly affix?: NumberAffix;
  /** A datetime format with a UTC offset: the offset to write values at (`+02:00`, `Z`; utc-offset.ts). */
  readonly utcOffset?: string;
}

/**
 * Sees every cell of one column once, in bounded memory. While distinct values are still counted
 * (up to 10 000), each one's facts are computed once and a cell only looks its bytes up; past the
 * cap, a cell is read from its bytes for just the questions still open (a column known not to be
 * numeric, boolean or a date asks nothing more of its cells).
 */
export class ColumnAccumulator {
  private count = 0;
  private missing = 0;
  /** Distinct present values, in the order first seen; counting stops one past the cap. */
  private readonly labels: string[] = [];
  private distinctOverflow = false;
  /** Facts of every value seen while counting (missing spellings too), found by value or by bytes; dropped once counting stops. */
  private readonly factList: ValueFacts[] = [];
  private readonly byValue = new Map<string, number>();
  private byBytes = new ByteMap();
  private allNumber = true;
  private allInteger = true;
  private leadingZero = false;
  /** Some integer is beyond ±MAX_SAFE_INTEGER (rule 4a). */
  private unsafe = false;
  /** Cells read as missing if the column is numeric (rule 4e), and how many distinct values they were. */
  private nonFinite = 0;
  private nonFiniteDistinct = 0;
  private allBoolean = true;
  private anySpace = false;
  private maxDecimals = 0;
  private minDecimals = Infinity;
  /** The datetime formats that read every value so far, as a set (format-set.ts). */
  private dates = ALL_DATES;
  private openDates: readonly number[] = [];
  private openDatesOf: FormatSet | undefined;
  private dayFirstSeen = false;
  private monthFirstSeen = false;
  /** The values' UTC offsets, counted while a format with one may still read them all. */
  private readonly offsets = new OffsetTally();
  private offsetsOpen = true;
  private readonly shape = new NumberShape();
  /** Every value so far a number as THOUSANDS spells it (numbers.ts); whether one had a comma; its decimals. */
  private allThousands = true;
  private thousandsUnsafe = false;
  private anySeparated = false;
  private thousandsMaxDecimals = 0;
  private thousandsMinDecimals = Infinity;
  private readonly thousandsShape = new ThousandsShape();
  /** Every value so far a number as DECIMAL_COMMA spells it (rule 4c; false from the start in a comma file); whether one's comma cannot be a thousands separator; its decimals. */
  private allDecimalComma: boolean;
  private anyUnambiguousComma = false;
  private anyCommaGrouped = false;
  private commaMaxDecimals = 0;
  private commaMinDecimals = Infinity;
  private readonly commaShape = new DecimalCommaShape();
  /** Every value so far a number with the affix of the others (rule 4d); their decimals. */
  private allAffixed = true;
  private readonly affixFold = new AffixFold();
  /** Past the cap: reads cells with the column's affix from their bytes (null: not made yet, undefined: its bytes cannot be told). */
  private affixShape: AffixedShape | undefined | null = null;

  /** `decimalComma`: the file's delimiter is not a comma, so rule 4c may apply (numbers.ts decimalCommaAllowed). */
  constructor(
    readonly name: string,
    private readonly decode: CellDecoder = utf8,
    decimalComma = false,
  ) {
    this.allDecimalComma = decimalComma;
  }

  add(raw: string): void {
    this.count++;
    const v = trim(raw);
    if (!this.distinctOverflow) this.fold(this.factList[this.entry(v)]!);
    else if (MISSING_SPELLINGS.has(v)) this.missing++;
    else this.fold(factsOf(v, this.open()));
  }

  /** Rows [from, to) of column `column` of a batch. */
  addColumn(batch: CsvBatch, column: number, from: number, to: number): void {
    const { buffer, starts, ends, width } = batch;
    for (let k = from * width + column, stop = to * width; k < stop; k += width) this.addBytes(buffer, starts[k]!, ends[k]!);
  }

  /** A cell as bytes: the same as `add` of its text, without the text for most cells. */
  addBytes(bytes: Buffer, start: number, end: number): void {
    if (start === end) {
      // '' is a missing spelling.
      this.count++;
      this.missing++;
      return;
    }
    if (needsTrim(bytes, start, end)) return this.add(this.decode(bytes, start, end));
    this.count++;
    if (this.distinctOverflow) return this.addUncounted(bytes, start, end);
    let index = this.byBytes.get(bytes, start, end);
    if (index === ABSENT) {
      index = this.entry(this.decode(bytes, start, end));
      if (!this.distinctOverflow && this.byBytes.size < BYTE_KEYS_CAP) this.byBytes.set(bytes, start, end, index);
    }
    this.fold(this.factList[index]!);
  }

  /** Index of the facts of a trimmed value, computing them the first time; counts a new distinct value. */
  private entry(v: string): number {
    const known = this.byValue.get(v);
    if (known !== undefined) return known;
    const facts = factsOf(v, this.open());
    const index = this.factList.push(facts) - 1;
    this.byValue.set(v, index);
    if (!facts.missing) {
      if (facts.nonFinite) this.nonFiniteDistinct++;
      this.labels.push(v);
      if (this.labels.length > DISTINCT_CAP) this.stopCounting();
    }
    return index;
  }

  /** Past the cap only the labels are still needed (for categories); the lookups go. */
  private stopCounting(): void {
    this.distinctOverflow = true;
    this.byValue.clear();
    this.byBytes = new ByteMap();
  }

  private open(): OpenQuestions {
    return { number: this.allNumber, boolean: this.allBoolean, space: !this.anySpace, dates: this.dates, thousands: this.allThousands, decimalComma: this.allDecimalComma, affixed: this.allAffixed };
  }

  /** A value's facts into the column's: facts computed earlier may answer more questions than are still open; those are ignored. */
  private fold(f: ValueFacts): void {
    if (f.missing) {
      this.missing++;
      return;
    }
    if (this.allNumber) {
      if (f.nonFinite) this.nonFinite++;
      else if (!f.number) this.allNumber = false;
      else {
        if (!f.integer) this.allInteger = false;
        else if (f.leadingZero) this.leadingZero = true;
        if (f.unsafe) this.unsafe = true;
        this.maxDecimals = Math.max(this.maxDecimals, f.decimals);
        this.minDecimals = Math.min(this.minDecimals, f.decimals);
      }
    }
    if (this.allThousands) {
      if (!f.thousands) this.allThousands = false;
      else this.foldThousands(f.separated, f.decimals, f.unsafe);
    }
    if (this.allDecimalComma) {
      if (!f.decimalComma) this.allDecimalComma = false;
      else this.foldDecimalComma(f.unambiguousComma, f.commaDecimals, f.commaGrouped);
    }
    if (this.allAffixed) this.foldAffixed(f.affixed);
    if (this.allBoolean && !f.boolean) this.allBoolean = false;
    if (f.space) this.anySpace = true;
    if (anyFormat(this.dates)) {
      this.dates = bothFormats(this.dates, f.dates);
      if (f.dayFirst) this.dayFirstSeen = true;
      if (f.monthFirst) this.monthFirstSeen = true;
      // NaN (no offset) is ignored by the tally: no test needed on the common cell.
      this.offsets.add(f.offset);
    }
  }

  private foldThousands(separated: boolean, decimals: number, unsafe: boolean): void {
    if (separated) this.anySeparated = true;
    if (unsafe) this.thousandsUnsafe = true;
    this.thousandsMaxDecimals = Math.max(this.thousandsMaxDecimals, decimals);
    this.thousandsMinDecimals = Math.min(this.thousandsMinDecimals, decimals);
  }

  private foldDecimalComma(unambiguous: boolean, decimals: number, grouped: boolean): void {
    if (unambiguous) this.anyUnambiguousComma = true;
    if (grouped) this.anyCommaGrouped = true;
    this.commaMaxDecimals = Math.max(this.commaMaxDecimals, decimals);
    this.commaMinDecimals = Math.min(this.commaMinDecimals, decimals);
  }

  private foldAffixed(a: AffixedNumber | undefined): void {
    if (!a || !this.affixFold.fits(a)) this.allAffixed = false;
  }

  /** Rule 4d's reading of a cell: from its bytes when it has the column's affix, else from its text. */
  private affixedBytes(bytes: Buffer, start: number, end: number): AffixedNumber | undefined {
    if (this.affixShape === null) {
      const affix = this.affixFold.affix();
      if (affix) this.affixShape = AffixedShape.of(affix, this.decode);
    }
    if (this.affixShape?.read(bytes, start, end)) return this.affixShape;
    return readAffixed(this.decode(bytes, start, end));
  }

  /** Past the distinct cap: the facts still open, read from the bytes of a cell that needs no trimming. */
  private addUncounted(bytes: Buffer, start: number, end: number): void {
    if (isMissingBytes(bytes, start, end)) {
      this.missing++;
      return;
    }
    let number = false;
    const shape = this.shape;
    /** Read as NUMBER: what the shape holds is this cell's. */
    let plain = false;
    if (this.allNumber) {
      // Rule 4e is asked only of cells that are not plain numbers, or that overflow: never of the common cell.
      if (!shape.read(bytes, start, end)) {
        if (isNonFiniteWord(bytes, start, end)) this.nonFinite++;
        else this.allNumber = false;
      } else if (shape.overflow) this.nonFinite++;
      else {
        number = plain = true;
        if (!shape.integer) this.allInteger = false;
        else if (shape.leadingZero) this.leadingZero = true;
        if (shape.unsafe) this.unsafe = true;
        this.maxDecimals = Math.max(this.maxDecimals, shape.decimals);
        this.minDecimals = Math.min(this.minDecimals, shape.decimals);
      }
    }
    if (this.allThousands) {
      // A cell just read as a NUMBER has no comma: its shape answers for THOUSANDS too.
      if (number) {
        if (!shape.thousands) this.allThousands = false;
        else this.foldThousands(false, shape.decimals, shape.unsafe);
      } else {
        const t = this.thousandsShape;
        if (!t.read(bytes, start, end)) this.allThousands = false;
        else {
          number = true;
          this.foldThousands(t.separated, t.decimals, t.unsafe);
        }
      }
    }
    if (this.allDecimalComma && this.addDecimalComma(bytes, start, end, plain)) number = true;
    // Rule 4d asks only while every value had an affix: a plain number closes it.
    if (this.allAffixed) this.foldAffixed(number ? undefined : this.affixedBytes(bytes, start, end));
    if (this.allBoolean && !isBooleanWord(this.decode(bytes, start, end))) this.allBoolean = false;
    // A number has no space; otherwise look until one is found (only whether there is one matters).
    if (!this.anySpace && !number) {
      for (let i = start; i < end; i++) {
        if (bytes[i] === SPACE) {
          this.anySpace = true;
          break;
        }
      }
    }
    if (anyFormat(this.dates)) this.narrowDates(bytes, start, end);
  }

  /** Rule 4c's question of one cell; a NUMBER-shaped cell fits only as an integer, and is not read again. */
  private addDecimalComma(bytes: Buffer, start: number, end: number, plain: boolean): boolean {
    if (plain) {
      if (!this.shape.integer) this.allDecimalComma = false;
      else this.foldDecimalComma(false, 0, false);
      return true;
    }
    const c = this.commaShape;
    if (!c.read(bytes, start, end)) {
      this.allDecimalComma = false;
      return false;
    }
    this.foldDecimalComma(c.unambiguous, c.decimals, c.grouped);
    return true;
  }

  private narrowDates(bytes: Buffer, start: number, end: number): void {
    // The formats still open, listed once per change of the set: past the first rows a column has one or two.
    if (this.openDatesOf !== this.dates) {
      this.openDates = formatsIn(this.dates, DATE_READERS.length);
      this.openDatesOf = this.dates;
      this.offsetsOpen = anyFormat(bothFormats(this.dates, OFFSET_DATES));
    }
    for (const i of this.openDates) {
      if (Number.isNaN(DATE_READERS[i]!(bytes, start, end, this.decode))) this.dates = withoutFormat(this.dates, i);
    }
    if (this.offsetsOpen) this.offsets.add(trailingOffsetBytes(bytes, start, end));
    const parts = dayMonthParts(bytes, start, end);
    if (parts >= 0) {
      if (parts >> 8 > 12) this.dayFirstSeen = true;
      if ((parts & 0xff) > 12) this.monthFirstSeen = true;
    }
  }

  finish(): InferredColumn {
    const present = this.count - this.missing;
    const distinct = this.labels.length;
    const base = { name: this.name, missing: this.missing, distinct };
    const sortedCategories = () => [...this.labels].sort(compareLabels);

    if (present === 0) return { ...base, type: 'categorical', categories: [], reason: 'every value is missing' };

    if (this.allBoolean && distinct <= 2 && !this.allNumber) {
      const labels = this.labels;
      const falseLabel = labels.find((l) => FALSE_WORDS.has(l.toLowerCase()));
      const trueLabel = labels.find((l) => TRUE_WORDS.has(l.toLowerCase()));
      if (falseLabel !== undefined && trueLabel !== undefined) {
        return { ...base, type: 'boolean', categories: [falseLabel, trueLabel], reason: `boolean spelled ${falseLabel}/${trueLabel}` };
      }
    }

    const unique = !this.distinctOverflow && distinct === present && present > 1;
    if (this.allNumber && this.allInteger && this.leadingZero) {
      return unique
        ? { ...base, type: 'id', reason: 'unique digit strings with leading zeros: an identifier' }
        : { ...base, type: 'categorical', categories: sortedCategories(), reason: 'digit strings with leading zeros (like zip codes): codes, not quantities' };
    }

    // Rule 4a: whole numbers a double cannot all hold exactly are read as text, so they round-trip.
    const unsafe = this.allNumber && this.allInteger && this.unsafe;
    if (this.allNumber && !unsafe && present > this.nonFinite) return this.numeric(base);

    // Rule 4a for separated whole numbers too: beyond ±2^53 they are kept as written.
    if (this.allThousands && this.anySeparated && !(this.thousandsMaxDecimals === 0 && this.thousandsUnsafe)) {
      const few = this.fewNote(distinct);
      const max = this.thousandsMaxDecimals;
      // Written back grouped as read (csv.ts writes an affix's grouping), so `1,234` stays `1,234`.
      const affix = GROUPED;
      if (max === 0) return { ...base, type: 'integer', affix, reason: `every value is a whole number written with thousands separators (like 1,234,567)${few}` };
      return {
        ...base,
        type: 'float',
        decimals: max,
        fixedDecimals: this.thousandsMinDecimals === max,
        affix,
        reason: `every value is a number with up to ${decimalsPhrase(max)}, written with thousands separators (like 1,234.50)${few}`,
      };
    }

    if (this.allDecimalComma && this.anyUnambiguousComma) {
      const few = this.fewNote(distinct);
      const max = this.commaMaxDecimals;
      return {
        ...base,
        type: 'float',
        decimals: max,
        fixedDecimals: this.commaMinDecimals === max,
        decimalComma: true,
        // Written back so (csv.ts), `.` groups included when any value had them.
        affix: decimalCommaAffix(this.anyCommaGrouped),
        reason: `every value is a number with up to ${decimalsPhrase(max)}, read with a decimal comma (like 0,33)${few}`,
      };
    }

    const affix = this.allAffixed ? this.affixFold.affix() : undefined;
    const affixDecimals = this.affixFold.decimals();
    if (affix && affixDecimals) {
      const few = this.fewNote(distinct);
      const { max, min } = affixDecimals;
      const example = affix.suffix.trim() === '%' ? '12' : '1234';
      const like = `like ${affixNumber(max ? `${example}.50` : example, affix)}${affix.parentheses ? ', negatives in parentheses' : ''}`;
      if (max === 0) return { ...base, type: 'integer', affix, reason: `every value is a whole number written with ${affixName(affix)} (${like})${few}` };
      return {
        ...base,
        type: 'float',
        decimals: max,
        fixedDecimals: min === max,
        affix,
        reason: `every value is a number with up to ${decimalsPhrase(max)}, written with ${affixName(affix)} (${like})${few}`,
      };
    }

    const date = this.chooseDateFormat();
    if (date) return { ...base, type: 'datetime', format: date.format.name, ...this.offsetOf(date.format.name), reason: date.reason };

    const unsafeSeparated = this.allThousands && this.anySeparated && this.thousandsMaxDecimals === 0 && this.thousandsUnsafe;
    const note = unsafe || unsafeSeparated ? ' (whole numbers beyond ±2^53, which a number cannot hold exactly, are kept as written)' : '';
    if (unique && !this.anySpace && present >= 20) {
      return { ...base, type: 'id', reason: `a different value in every row, without spaces: an identifier${note}` };
    }
    const limit = Math.min(1000, Math.max(20, Math.floor(0.05 * present)));
    if (!this.distinctOverflow && distinct <= limit) {
      return { ...base, type: 'categorical', categories: sortedCategories(), reason: `${distinct} distinct values in ${present} rows (limit ${limit})${note}` };
    }
    return { ...base, type: 'text', reason: `${this.distinctOverflow ? 'over 10 000' : distinct} distinct values in ${present} rows: free text${note}` };
  }

  /** Rules 4 and 4e: an integer, epoch datetime or float column; non-finite cells are missing values. */
  private numeric(base: { name: string; missing: number; distinct: number }): InferredColumn {
    const distinct = base.distinct - this.nonFiniteDistinct;
    const counted = { ...base, missing: base.missing + this.nonFinite, distinct };
    const few = this.fewNote(distinct);
    const inf = this.nonFinite ? `; ${this.nonFinite} non-finite value${this.nonFinite === 1 ? '' : 's'} (infinity, or beyond the largest number) read as missing` : '';
    if (this.allInteger) {
      const epoch = this.epochFormat();
      if (epoch && timeLikeName(this.name)) {
        return { ...counted, type: 'datetime', format: epoch.name, reason: `every value is a whole number in the range of Unix epoch ${epochUnitName(epoch)} for 2000–2100 and the name suggests time: datetime written as epoch ${epochUnitName(epoch)}${inf}` };
      }
      const ambiguous = epoch ? ` (every value is also in the range of Unix epoch ${epochUnitName(epoch)} for 2000–2100, but the name does not suggest time: kept as integer; set the type to datetime if they are times)` : '';
      return { ...counted, type: 'integer', reason: `every value is a whole number${few}${ambiguous}${inf}` };
    }
    return {
      ...counted,
      type: 'float',
      decimals: this.maxDecimals,
      fixedDecimals: this.minDecimals === this.maxDecimals,
      reason: `every value is a number with up to ${decimalsPhrase(this.maxDecimals)}${few}${inf}`,
    };
  }

  /** A numeric column with few distinct values stays numeric; the reason says so. */
  private fewNote(distinct: number): string {
    return !this.distinctOverflow && distinct <= 10 ? ` (only ${distinct} distinct values: numeric, but the quality metrics treat it as categorical)` : '';
  }

  /** `utcOffset` for a column read in `format`, when the format has an offset: the one its values are written at (utc-offset.ts OffsetTally). */
  offsetOf(format: string): { utcOffset?: string } {
    const offset = DATETIME_FORMATS.find((f) => f.name === format)?.offset ? this.offsets.result() : undefined;
    return offset !== undefined ? { utcOffset: offset } : {};
  }

  private epochFormat(): DatetimeFormat | undefined {
    return epochFormatOf(this.dates);
  }

  private chooseDateFormat(): { format: DatetimeFormat; reason: string } | undefined {
    // Epoch integers are numbers, decided with them (epochFormat).
    const readable = DATETIME_FORMATS.filter((f, i) => hasFormat(this.dates, i) && f.epochUnit === undefined);
    if (!readable.length) return undefined;
    const candidates = preferPadded(readable, (f) => f);
    const dayFirst = candidates.find((f) => f.fields[0] === 'D');
    const monthFirst = candidates.find((f) => f.fields[0] === 'M');
    // Only day-first against month-first is a question of order; other formats that read every value
    // (`…Z` and `…+hh:mm` for a column of `Z` times) are listed with the one that writes them as given first.
    if (!dayFirst || !monthFirst) {
      const only = monthFirst ?? dayFirst ?? candidates[0]!;
      return { format: only, reason: `every value is a ${only.fields.includes('D') ? 'date' : 'time of day'} in ${only.name}` };
    }
    if (this.dayFirstSeen && !this.monthFirstSeen) return { format: dayFirst, reason: `dates in ${dayFirst.name} (a first part above 12 shows the day comes first)` };
    if (this.monthFirstSeen && !this.dayFirstSeen) return { format: monthFirst, reason: `dates in ${monthFirst.name} (a second part above 12 shows the month comes first)` };
    return { format: monthFirst, reason: `dates in ${monthFirst.name} (day and month order ambiguous: month first assumed; edit the schema if not)` };
  }
}

/** Rule 4b's spelling: no symbol, digits grouped in threes by commas. */
const GROUPED: NumberAffix = { prefix: '', suffix: '', thousands: true };

const affixName = (a: NumberAffix): string => (a.suffix.trim() === '%' ? 'a percent sign' : `the currency symbol ${(a.prefix || a.suffix).trim()}`);

/** `1 decimal`, `2 decimals`. */
const decimalsPhrase = (n: number) => `${n} decimal${n === 1 ? '' : 's'}`;

/**
 * Among formats that read every value, those that write them back most as the source spells them:
 * padded ones when there are any (`01/05/2023` reads as MM/DD/YYYY and as M/D/YYYY), else those
 * with the fewest unpadded parts (`1.5.2023 07:30` reads as D.M.YYYY HH:mm and D.M.YYYY H:mm), then
 * those with no fraction of a second, else the fewest digits of one (`…:00Z` reads as `…:ssZ` and
 * as `…:ss.SSSZ`, whose fraction is optional: datetime.ts).
 */
export function preferPadded<T>(items: readonly T[], formatOf: (item: T) => DatetimeFormat): readonly T[] {
  const fewestUnpadded = Math.min(...items.map((item) => unpaddedParts(formatOf(item))));
  const pool = items.filter((item) => unpaddedParts(formatOf(item)) === fewestUnpadded);
  const digits = (item: T) => formatOf(item).fraction ?? 0;
  const fewest = Math.min(...pool.map(digits));
  return pool.filter((item) => digits(item) === fewest);
}

/** How many parts a format reads with one or two digits (`(\d{1,2})`, datetime.ts); 0 for a padded one. */
const unpaddedParts = (f: DatetimeFormat): number => (f.unpadded ? f.pattern.source.split(String.raw`\d{1,2}`).length - 1 : 0);

/** The epoch format (seconds or milliseconds) that reads every value, if one does. */
function epochFormatOf(dates: FormatSet): DatetimeFormat | undefined {
  return DATETIME_FORMATS.find((f, i) => f.epochUnit !== undefined && hasFormat(dates, i));
}

const epochUnitName = (f: DatetimeFormat) => (f.epochUnit === 1000 ? 'seconds' : 'milliseconds');

const TIME_WORDS = ['time', 'timestamp', 'epoch', 'date', 'created', 'updated'];

/**
 * Whether a column name suggests a point in time: it contains time, timestamp, epoch, date,
 * created or updated, ends with `_at`, or has `ts` as a word of its own (`ts`, `event_ts`, `tsUpdated`
 * — not the `ts` inside `counts`). Case does not matter.
 */
export function timeLikeName(name: string): boolean {
  const lower = name.toLowerCase();
  if (TIME_WORDS.some((w) => lower.includes(w)) || lower.endsWith('_at')) return true;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return words.includes('ts');
}

/** Numbers in numeric order, then text — so "2" sorts before "10". */
export function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = a !== '' && Number.isFinite(na);
  const bNum = b !== '' && Number.isFinite(nb);
  if (aNum && bNum) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})( |$)` on bytes (value-facts.ts DAY_MONTH): the two leading
 * parts as first << 8 | second, or -1. A first part above 12 can only be a day, and so can a second one.
 */
function dayMonthParts(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let parts = 0;
  for (let n = 0; n < 2; n++) {
    const from = i;
    let value = 0;
    while (i < end && i - from < 2 && isDigit(bytes[i]!)) value = value * 10 + bytes[i++]! - 48;
    if (i === from || i >= end || !isSeparator(bytes[i]!)) return -1;
    i++;
    parts = (parts << 8) | value;
  }
  // A year of four digits, or two (`3/16/92`, datetime.ts twoDigitYear).
  let year = 0;
  while (i + year < end && year < 4 && isDigit(bytes[i + year]!)) year++;
  if (year !== 4 && year !== 2) return -1;
  return i + year === end || bytes[i + year] === SPACE ? parts : -1;
}

const isDigit = (b: number) => b >= 48 && b <= 57;
const isSeparator = (b: number) => b === 47 || b === 46 || b === 45; // / . -
