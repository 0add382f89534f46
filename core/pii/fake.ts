/**
 * Realistic, seeded fake values per PII kind, none a value of the real column they replace (and, where
 * a reserved range is wide enough — cards, SSNs, IPs, IBANs — none a real person's), in the shape of
 * that column: a 5-digit ZIP stays 5 digits, `SW1A 1AA` stays `AA9A 9AA`, a
 * 10-digit integer stays a 10-digit integer.
 */
import { z } from 'zod';
import type { Rng } from '../random.js';
import { LOGICAL_TYPES, MISSING_CODE, columnLabels, datetimeSpellingOf, type Column, type Table } from '../table/model.js';
import { utcOffsetField } from '../table/arrow.js';
import { FEMALE_NAMES, GIVEN_NAMES, MALE_NAMES, SURNAMES } from './names.js';
import { luhn } from './validators.js';
import type { RealValues } from './real-values.js';

const given = [...GIVEN_NAMES];
const surnames = [...SURNAMES];
const pick = <T>(xs: readonly T[], rng: Rng) => xs[rng.int(0, xs.length - 1)]!;
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const digits = (n: number, rng: Rng) => Array.from({ length: Math.max(0, n) }, () => rng.int(0, 9)).join('');
const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Character classes of a value: digits → 9, capitals → A, small letters → a; punctuation and spaces kept. */
export const shapeOf = (v: string) => v.replace(/\d/g, '9').replace(/\p{Lu}/gu, 'A').replace(/\p{Ll}/gu, 'a');

/** A random value of a shape from `shapeOf`. */
export function fillShape(shape: string, rng: Rng): string {
  return shape.replace(/[9Aa]/g, (ch) => (ch === '9' ? String(rng.int(0, 9)) : ch === 'A' ? pick(UPPER, rng) : pick(UPPER, rng).toLowerCase()));
}

/** Lays `chars` into the letter and digit slots of `like`, keeping its spaces and punctuation. */
function layInto(like: string, chars: string): string {
  let i = 0;
  return like.replace(/[\p{L}\d]/gu, (ch) => (i < chars.length ? chars[i++]! : ch));
}

const digitCount = (v: string) => v.replace(/\D/g, '').length;

function cardNumber(length: number, rng: Rng): string {
  // 4000 00… is a documented test range; the last digit makes the Luhn checksum hold.
  const body = `400000${digits(length - 7, rng)}`;
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  return `${body}0`;
}

/**
 * A three-digit code as North American numbering assigns exchanges and area codes: 200–999, not N11
 * (service codes) nor 555 (directory and fiction, which reads as fake). Redrawn until one fits: seeded.
 */
function exchange(rng: Rng): string {
  for (;;) {
    const code = rng.int(200, 999);
    if (code % 100 !== 11 && code !== 555) return String(code);
  }
}

/**
 * The last seven digits are an exchange and four digits (~7.9 M numbers). Fiction's 555-0100…0199 held
 * only 100, so a long column repeated them and no more than 100 rows could differ. A fake may be someone's
 * number somewhere, as a fake name is; what it may not be is a value of the real column, which
 * fakeColumn redraws against (real-values.ts), so no real row's number reappears.
 */
function phone(like: string | undefined, rng: Rng): string {
  const n = like ? digitCount(like) : 0;
  if (!like || n < 7) return `+1 ${exchange(rng)}-${exchange(rng)}-${digits(4, rng)}`;
  return layInto(like, `${digits(n - 7, rng)}${exchange(rng)}${digits(4, rng)}`);
}

/** ISO 13616 check digits run 02–98, so `00` makes an IBAN of the right country and length that no account has. */
function iban(like: string | undefined, rng: Rng): string {
  const compact = like?.replace(/\s/g, '').toUpperCase() ?? '';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return `GB00 ${fillShape('AAAA 9999 9999 9999 99', rng)}`;
  return layInto(like!, `${compact.slice(0, 2)}00${fillShape(shapeOf(compact.slice(4)), rng)}`);
}

/** A birth date (1940–2005) written like `like` (YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, any separator). */
function birthDate(like: string | undefined, rng: Rng): string {
  const year = String(rng.int(1940, 2005));
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const iso = like === undefined ? undefined : /^\d{4}([-/.])\d{2}\1\d{2}$/.exec(like);
  if (like === undefined || iso) return [year, month, String(rng.int(1, 28)).padStart(2, '0')].join(iso?.[1] ?? '-');
  const dmy = /^(\d{2})([-/.])(\d{2})\2\d{4}$/.exec(like);
  if (!dmy) return fillShape(shapeOf(like), rng);
  // With both leading fields ≤ 12 the order is unknown: a day ≤ 12 reads as a valid date either way.
  const dayFirst = Number(dmy[1]) > 12;
  const ambiguous = !dayFirst && Number(dmy[3]) <= 12;
  const day = String(rng.int(1, ambiguous ? 12 : 28)).padStart(2, '0');
  return (dayFirst ? [day, month, year] : [month, day, year]).join(dmy[2]);
}

/** One fake of `kind`; given a real (or already fake) value `like`, the fake keeps its shape. */
export function fakeValue(kind: string, rng: Rng, like?: string): string {
  switch (kind) {
    case 'email':
      return `${pick(given, rng)}.${pick(surnames, rng)}${rng.int(1, 999)}@example.com`;
    case 'phone':
      return phone(like, rng);
    case 'person_name':
      return personName(rng);
    case 'credit_card': {
      const n = like ? digitCount(like) : 0;
      return like && n >= 13 && n <= 19 ? layInto(like, cardNumber(n, rng)) : cardNumber(16, rng);
    }
    case 'ssn':
      // Area 9xx is never issued.
      return like && digitCount(like) === 9 ? layInto(like, `9${digits(8, rng)}`) : `9${digits(2, rng)}-${digits(2, rng)}-${digits(4, rng)}`;
    case 'ip_address':
      return `192.0.2.${rng.int(1, 254)}`; // TEST-NET-1, documentation only
    case 'iban':
      return iban(like, rng);
    case 'date_of_birth':
      return birthDate(like, rng);
    case 'postal_code':
      return like ? fillShape(shapeOf(like), rng) : digits(5, rng);
    default:
      return like ? fillShape(shapeOf(like), rng) : `anon-${digits(8, rng)}`;
  }
}

/**
 * How a PII column is faked, found from the real column when the model is fitted and stored with
 * it. It holds fakes only, never a real value: in pool mode one fake per real distinct value with
 * that value's count (so a 5-value ZIP column gets 5 fake ZIPs in the same proportions); in fresh
 * mode a few fake exemplars whose shapes are the real values' shapes, and each row gets a new fake.
 */
export const FakePlan = z.object({
  name: z.string(),
  kind: z.string(),
  type: z.enum(LOGICAL_TYPES),
  /** Source format of a datetime column. */
  format: z.string().optional(),
  /** Its UTC offset, for a format with one (absent: `+00:00`, as in plans saved before). */
  ...utcOffsetField,
  missing: z.number().min(0).max(1),
  mode: z.enum(['pool', 'fresh']),
  values: z.array(z.string()),
  /** Pool mode: how often each value is drawn. */
  weights: z.array(z.number().nonnegative()).optional(),
  /** Datetime columns: the real range (ms), fakes are drawn inside it. */
  range: z.tuple([z.number(), z.number()]).optional(),
  /** Person names beside a column of sexes: that column, and its labels for each, so a row's name agrees with its sex. */
  sex: z.object({ column: z.string(), male: z.array(z.string()), female: z.array(z.string()) }).optional(),
});
export type FakePlan = z.infer<typeof FakePlan>;

/** More distinct values than this are never pooled: the pool is stored with the model. */
export const MAX_POOL = 5000;
/** Text values repeating less than this often on average are per-row (emails, phones), not a pool. */
const MIN_MEAN_REPEATS = 2;
const EXEMPLARS = 20;
/** Tries for a pool fake that is not already in the pool (tiny shapes like `9` run out). */
const UNIQUE_TRIES = 20;
const DAY_MS = 86_400_000;
/** Redraws of a fake that equals a real value, first in the real value's shape, then in the kind's own. */
const AVOID_TRIES = 20;
/** Days walked past a datetime fake that keeps meeting real dates, before the cell is left missing. */
const MAX_DAY_STEPS = 1_000_000;

/** How a fake reads as a cell label (cellLabel), to compare with real ones: a number column's as its number. */
const labelOf = (v: string, numeric: boolean) => (numeric ? String(Number(v)) : v);

/**
 * A fake that is not a real value: `draw` again while it is (a chance meeting: a random birth date
 * or a 5-digit ZIP can be someone's), then `fallback` (shape-free, of a wider space), and failing
 * that none — a missing cell rather than a real value. Without collisions the draws are those made
 * without `real`, so a seed gives the bytes it gave before.
 */
function unlikeReal(draw: () => string, fallback: () => string, isReal: (v: string) => boolean): string | null {
  let v = draw();
  for (let t = 0; t < AVOID_TRIES && isReal(v); t++) v = draw();
  for (let t = 0; t < AVOID_TRIES && isReal(v); t++) v = fallback();
  return isReal(v) ? null : v;
}

/** Real values of a column as strings, with counts, in first-seen order; and its missing count. */
function realCounts(c: Column): { counts: Map<string, number>; missing: number } {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of columnLabels(c)) {
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { counts, missing };
}

const isNumberText = (v: string) => /^-?\d+(\.\d+)?$/.test(v);

/** A fake for a number column: digits in the real value's shape, never a leading zero, so it reads back as a number of the same size. */
function numericFake(kind: string, like: string, rng: Rng): string {
  const f = fakeValue(kind, rng, like);
  const v = isNumberText(f) && f.length === like.length ? f : fillShape(shapeOf(like), rng);
  return v.replace(/^(-?)0(?=\d)/, (_m, sign: string) => `${sign}${rng.int(1, 9)}`);
}

export function planFakes(c: Column, kind: string, rng: Rng): FakePlan {
  const { counts, missing } = realCounts(c);
  const rows = missing + [...counts.values()].reduce((a, b) => a + b, 0);
  const base = { name: c.name, kind, type: c.type, missing: rows ? missing / rows : 0 };
  if (c.type === 'datetime') {
    let [lo, hi] = [Infinity, -Infinity];
    for (const v of c.values) if (!Number.isNaN(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const range: [number, number] = lo <= hi ? [lo, hi] : [0, 0];
    return { ...base, ...datetimeSpellingOf(c), mode: 'fresh', values: [], range };
  }
  const numeric = c.type === 'integer' || c.type === 'float';
  const fake = (like: string) => (numeric ? numericFake(kind, like, rng) : fakeValue(kind, rng, like));
  const real = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const categorical = c.type === 'categorical' || c.type === 'boolean';
  const pooled = categorical || (real.length <= MAX_POOL && real.length * MIN_MEAN_REPEATS <= rows - missing);
  if (pooled) {
    const values: string[] = [];
    for (const [like] of real) {
      // Nor a real value, which would read as leaked; rather a repeat than that. (Sampling checks
      // again, for plans stored before and the rare one still real here.)
      const isReal = (f: string) => counts.has(labelOf(f, numeric));
      let v = fake(like);
      for (let t = 0; t < UNIQUE_TRIES && (values.includes(v) || isReal(v)); t++) v = fake(like);
      for (let t = 0; t < AVOID_TRIES && isReal(v); t++) v = fake(like);
      values.push(v);
    }
    return { ...base, mode: 'pool', values, weights: real.map(([, n]) => n) };
  }
  const exemplars = rng.sampleIndices(real.length, EXEMPLARS).map((i) => fake(real[i]![0]));
  return { ...base, mode: 'fresh', values: exemplars };
}

/** Labels that name a sex, lower case. */
const SEX_LABELS: Readonly<Record<string, 'male' | 'female'>> = {
  male: 'male', m: 'male', man: 'male', men: 'male', boy: 'male', mr: 'male',
  female: 'female', f: 'female', w: 'female', woman: 'female', women: 'female', girl: 'female', mrs: 'female', ms: 'female', miss: 'female',
}; // prettier-ignore

/**
 * The column of `table` that holds each row's sex (its labels all male or female words, both
 * present), for person names to agree with it: a synthetic "Ruth" should not be a man.
 */
export function sexColumnOf(table: Table): FakePlan['sex'] {
  for (const c of table.columns) {
    if (c.type !== 'categorical') continue;
    const kinds = c.categories.map((label) => SEX_LABELS[label.trim().toLowerCase().replace(/\.$/, '')]);
    if (!kinds.every((k) => k !== undefined) || !kinds.includes('male') || !kinds.includes('female')) continue;
    return { column: c.name, male: c.categories.filter((_, i) => kinds[i] === 'male'), female: c.categories.filter((_, i) => kinds[i] === 'female') };
  }
  return undefined;
}

/** A person's name of the sex given, else of either. */
const personName = (rng: Rng, sex?: 'male' | 'female') => `${cap(pick(sex === 'male' ? MALE_NAMES : sex === 'female' ? FEMALE_NAMES : given, rng))} ${cap(pick(surnames, rng))}`;

/**
 * A fake date that is not a real one: redrawn in the range, then walked a day at a time — past the
 * real range's end if need be, where no real date is — and missing only past MAX_DAY_STEPS.
 */
function unlikeRealDay(draw: () => number, real: RealValues | undefined): number {
  let v = draw();
  if (!real) return v;
  for (let t = 0; t < AVOID_TRIES && real.has(String(v)); t++) v = draw();
  for (let step = 0; step < MAX_DAY_STEPS && real.has(String(v)); step++) v += DAY_MS;
  return real.has(String(v)) ? NaN : v;
}

/**
 * `rowCount` fakes by `plan`, as a column of the type the real one had; person names by the sex
 * `sexAt` reads off each generated row, when the plan has a sex column. None equals a value of
 * `real`, the real column's (real-values.ts).
 */
export function fakeColumn(plan: FakePlan, rowCount: number, rng: Rng, sexAt?: (row: number) => string | null, real?: RealValues): Column {
  const isMissing = () => plan.missing > 0 && rng.uniform() < plan.missing;
  if (plan.type === 'datetime') {
    const [lo, hi] = plan.range ?? [0, 0];
    const day = () => Math.floor((lo + rng.uniform() * (hi - lo)) / DAY_MS) * DAY_MS;
    const values = Float64Array.from({ length: rowCount }, () => (isMissing() ? NaN : unlikeRealDay(day, real)));
    return { type: 'datetime', name: plan.name, values, ...datetimeSpellingOf({ format: plan.format ?? 'YYYY-MM-DD', utcOffset: plan.utcOffset }) };
  }
  const type = plan.type;
  const numeric = type === 'integer' || type === 'float';
  const isReal = (v: string) => real?.has(labelOf(v, numeric)) ?? false;
  // Shape-free for text; a number keeps a real value's size, so its redraws are in another exemplar's shape.
  const generic = () => (numeric ? fakeOf(pick(plan.values, rng)) : fakeValue(plan.kind, rng));
  // A pool stored before fakes avoided real values may hold one: it is swapped for a fake that does not.
  const pool = plan.mode === 'pool' && real ? plan.values.map((v) => (isReal(v) ? unlikeReal(() => fakeOf(v), generic, (f) => isReal(f) || plan.values.includes(f)) : v)) : plan.values;
  function fakeOf(like: string): string {
    return numeric ? numericFake(plan.kind, like, rng) : fakeValue(plan.kind, rng, like);
  }
  const sexOf = (row: number): 'male' | 'female' | undefined => {
    const label = plan.sex && sexAt?.(row);
    return !label ? undefined : plan.sex!.male.includes(label) ? 'male' : plan.sex!.female.includes(label) ? 'female' : undefined;
  };
  const draw = (row: number): string | null => {
    if (isMissing() || !plan.values.length) return null;
    if (plan.mode === 'pool') return pool[rng.categorical(plan.weights ?? plan.values.map(() => 1))] ?? null;
    const like = pick(plan.values, rng);
    if (plan.kind === 'person_name' && plan.sex && !numeric) return unlikeReal(() => personName(rng, sexOf(row)), generic, isReal);
    return unlikeReal(() => fakeOf(like), generic, isReal);
  };
  const drawn = Array.from({ length: rowCount }, (_, row) => draw(row));
  if (type === 'categorical' || type === 'boolean') {
    const categories = [...new Set(pool.filter((v): v is string => v !== null))];
    const code = new Map(categories.map((v, i) => [v, i]));
    const codes = Int32Array.from(drawn, (v) => (v === null ? MISSING_CODE : code.get(v)!));
    return { type, name: plan.name, categories, codes };
  }
  if (type === 'integer' || type === 'float') return { type, name: plan.name, values: Float64Array.from(drawn, (v) => (v === null ? NaN : Number(v))) };
  return { type, name: plan.name, values: drawn };
}

/** `rowCount` shape-free fakes of `kind`, none a value of `real`: for a plan stored before plans had a type. */
export function fakeTextColumn(name: string, kind: string, rowCount: number, rng: Rng, real?: RealValues): Column {
  const draw = () => fakeValue(kind, rng);
  return { type: 'text', name, values: Array.from({ length: rowCount }, () => unlikeReal(draw, draw, (v) => real?.has(v) ?? false)) };
}
