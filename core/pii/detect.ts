/**
 * PII detection per column, with confidence and evidence. A kind is found when a large share of
 * a column's values pass its validator (checksums included), helped by the column's name. Person
 * names also need high cardinality: a low-cardinality categorical whose labels happen to be names
 * (penguin species, customer tiers) is a category, not personal data.
 */
import { z } from 'zod';
import { MISSING_CODE, type Column, type Table } from '../table/model.js';
import { GIVEN_NAMES, HONORIFICS, NAME_PARTICLES, SURNAMES } from './names.js';
import { isCanadianPostcode, isCreditCard, isEmail, isIban, isIpv4, isIpv6, isPhone, isSsn, isUkPostcode, isUsZip } from './validators.js';

export const PII_KINDS = ['email', 'phone', 'credit_card', 'iban', 'ip_address', 'ssn', 'date_of_birth', 'postal_code', 'person_name', 'free_text_pii'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PiiFinding = z.object({
  column: z.string(),
  kind: z.enum(PII_KINDS),
  confidence: z.number().min(0).max(1),
  evidence: z.object({ rule: z.string(), matched_share: z.number(), examples: z.array(z.string()) }),
});
export type PiiFinding = z.infer<typeof PiiFinding>;

const SAMPLE = 1000;

function looksLikeName(v: string): boolean {
  // Register spellings bracket a maiden name or nickname (`Astor, Mrs. John Jacob (Madeleine)`), often cut short.
  const tokens = v.replace(/[,.()"]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length < 1 || tokens.length > 8) return false;
  if (!tokens.every((t) => /^[A-Z][a-zA-Z'-]*$/.test(t) || NAME_PARTICLES.has(t))) return false;
  // A title before capitalised words is as telling as a listed name (the lists cannot hold every name).
  return tokens.some((t) => {
    const word = t.toLowerCase();
    return GIVEN_NAMES.has(word) || SURNAMES.has(word) || HONORIFICS.has(word);
  });
}

/**
 * The rule every value-based kind follows: a pattern alone is not enough, because short digit runs
 * are everywhere (amounts, deltas, ids, INT64 counters). A column is flagged only when
 *   - at least MATCH_SHARE_HINTED of its distinct values pass the kind's validator and its name
 *     carries a hint (`phone`, `tel`, `zip`, …), or
 *   - at least MATCH_SHARE of its distinct values pass the validator AND show the kind's shape
 *     evidence: formatting a bare number never has (a `+` prefix or separators between digit
 *     groups for phones, grouped digits for cards, dashes for SSNs; the '@' of an email or the
 *     letters and mod-97 of an IBAN are evidence in themselves).
 * A numeric column's values are bare digits (with at most a minus sign), so they never show shape
 * evidence: a number is PII only when its column is named like one. Postal codes have no shape a
 * product code or a count could not have, so they always need the hint.
 */
export const MATCH_SHARE_HINTED = 0.5;
export const MATCH_SHARE = 0.8;

/** A column name as `_`-separated lower-case words (`homePhone2` → `_home_phone_2_`), so hints match whole words. */
export function nameWords(name: string): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_m, a?: string, b?: string, c?: string, d?: string) => (a ? `${a}_${b}` : `${c}_${d}`))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return `_${words.join('_')}_`;
}

const NEVER = () => false;
const ALWAYS = () => true;
/** Digit groups joined by separators, or a leading `+` / `(`: how people write phone numbers and nothing else writes a number. */
const phoneShape = (v: string) => /^\+/.test(v) || /^\(\d/.test(v) || /\d[\s().-]+\d/.test(v);

interface ValueRule {
  readonly kind: PiiKind;
  readonly rule: string;
  readonly test: (v: string) => boolean;
  /** Whole words of the column name (see `nameWords`) that say what the values are. */
  readonly hint: RegExp;
  /** Formatting that only this kind has; without it (and without the hint) a match is a coincidence. */
  readonly shape: (v: string) => boolean;
}

const VALUE_RULES: readonly ValueRule[] = [
  { kind: 'email', rule: 'RFC 5322-like address', test: isEmail, hint: /_e_?mail/, shape: ALWAYS },
  { kind: 'credit_card', rule: '13–19 digits passing the Luhn checksum', test: isCreditCard, hint: /_(credit_?|debit_?)?card(_?(num|number|no))?_|_cc_?(num|number)?_|_pan_/, shape: (v) => /\d[\s-]\d/.test(v) },
  { kind: 'iban', rule: 'IBAN with a valid mod-97 checksum', test: isIban, hint: /iban|_account/, shape: ALWAYS },
  { kind: 'ssn', rule: 'US SSN (valid area, group and serial)', test: isSsn, hint: /ssn|_social_/, shape: (v) => /^\d{3}-\d{2}-\d{4}$/.test(v) },
  { kind: 'ip_address', rule: 'IPv4 or IPv6 address', test: (v) => isIpv4(v) || isIpv6(v), hint: /_ip_|_ip_?addr|ip_address/, shape: ALWAYS },
  { kind: 'phone', rule: 'phone number (E.164 or national format)', test: isPhone, hint: /phone(_?(num|number|no))?_|_mobile|_tel_|_telephone|_cell_|_fax_|msisdn/, shape: phoneShape },
  {
    kind: 'postal_code',
    rule: 'postal code (US ZIP, UK, Canada) in a column named like one',
    test: (v) => isUsZip(v) || isUkPostcode(v) || isCanadianPostcode(v),
    hint: /_zip(_?code)?_|postal|_post_?code_|postcode_/,
    shape: NEVER,
  },
];

/** Values of a column as strings, each distinct value with how often it occurs. */
function valueCounts(c: Column): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (v: string) => counts.set(v, (counts.get(v) ?? 0) + 1);
  if (c.type === 'categorical' || c.type === 'boolean') {
    for (const code of c.codes) if (code !== MISSING_CODE) add(c.categories[code]!);
  } else if (c.type === 'text' || c.type === 'id') {
    for (const v of c.values) if (v !== null) add(v.trim());
  } else if (c.type === 'integer') {
    for (const v of c.values) if (!Number.isNaN(v)) add(String(v));
  }
  return counts;
}

/** Named like an identifier or code: its last word is, or ends in, `id` (`usubjid`, `guid`), or is `key` or `code`. */
const idNamed = (column: string) => /[a-z]*id_$|_(key|code)_$/.test(nameWords(column));

function mask(v: string): string {
  return v.replace(/[A-Za-z0-9]/g, (ch, i: number) => (i === 0 || i === v.length - 1 ? ch : '*'));
}

function share(values: readonly string[], test: (v: string) => boolean): { share: number; hits: string[] } {
  const hits = values.filter(test);
  return { share: values.length ? hits.length / values.length : 0, hits };
}

/** One kind's verdict on a column, by the rule in the comment on MATCH_SHARE. */
function matchRule(r: ValueRule, column: string, hinted: boolean, sample: readonly string[]): PiiFinding | undefined {
  const { share: s, hits } = share(sample, r.test);
  if (hinted && s >= MATCH_SHARE_HINTED) {
    return { column, kind: r.kind, confidence: Math.min(1, s), evidence: { rule: `${r.rule}; column named like one`, matched_share: s, examples: hits.slice(0, 3).map(mask) } };
  }
  // Digit groups are the weakest shape: in a column named as an identifier (`USUBJID`, `patient_id`)
  // `01-701-1015` is a subject's code, not a phone. Emails, cards or SSNs used as ids stay PII.
  if (r.kind === 'phone' && idNamed(column)) return undefined;
  const shaped = share(sample, (v) => r.test(v) && r.shape(v));
  if (shaped.share >= MATCH_SHARE) {
    return {
      column,
      kind: r.kind,
      confidence: Math.min(1, shaped.share * 0.95),
      evidence: { rule: `${r.rule}, formatted like one`, matched_share: shaped.share, examples: shaped.hits.slice(0, 3).map(mask) },
    };
  }
  return undefined;
}

export function detectColumnPii(c: Column): PiiFinding | undefined {
  if (c.type === 'datetime') {
    return /dob|birth|born/i.test(c.name)
      ? { column: c.name, kind: 'date_of_birth', confidence: 0.9, evidence: { rule: 'a date column named like a birth date', matched_share: 1, examples: [] } }
      : undefined;
  }
  const counts = valueCounts(c);
  if (!counts.size) return undefined;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const distinct = [...counts.keys()];
  const sample = distinct.slice(0, SAMPLE);

  const words = nameWords(c.name);
  for (const r of VALUE_RULES) {
    const finding = matchRule(r, c.name, r.hint.test(words), sample);
    if (finding) return finding;
  }

  // Names: name-shaped values AND many of them (a distinct value in at least half the rows).
  const { share: nameShare, hits } = share(sample, looksLikeName);
  const hinted = /name|first|last|surname|person|customer/i.test(c.name) && !/file|user_?name|host/i.test(c.name);
  const cardinality = distinct.length / total;
  if (nameShare >= (hinted ? 0.5 : 0.7) && cardinality >= 0.5 && distinct.length >= 10) {
    return {
      column: c.name,
      kind: 'person_name',
      confidence: Math.min(1, nameShare * (hinted ? 1 : 0.85)),
      evidence: { rule: 'capitalised words including common given names, surnames or titles, nearly one per row', matched_share: nameShare, examples: hits.slice(0, 3).map(mask) },
    };
  }

  if (c.type === 'text') {
    // Free text means words: a bare code or number is not prose that could hide PII.
    const embedded = (v: string) =>
      /[A-Za-z]{2,}\s/.test(v) && (v.split(/[\s,;]+/).some((t) => isEmail(t) || isCreditCard(t)) || /\+?\d[\d\s().-]{8,}\d/.test(v));
    const { share: s, hits: found } = share(sample, embedded);
    if (s >= 0.05) {
      return { column: c.name, kind: 'free_text_pii', confidence: Math.min(1, 0.5 + s), evidence: { rule: 'free text containing emails, card or phone numbers', matched_share: s, examples: found.slice(0, 3).map(mask) } };
    }
  }
  return undefined;
}

export function detectPii(table: Table): PiiFinding[] {
  return table.columns.map(detectColumnPii).filter((f): f is PiiFinding => f !== undefined);
}
