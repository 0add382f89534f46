/**
 * PII detection per column, with confidence and evidence. A kind is found when a large share of
 * a column's values pass its validator (checksums included), helped by the column's name. Person
 * names also need high cardinality: a low-cardinality categorical whose labels happen to be names
 * (penguin species, customer tiers) is a category, not personal data.
 */
import { z } from 'zod';
import { MISSING_CODE, type Column, type Table } from '../table/model.js';
import { GIVEN_NAMES, SURNAMES } from './names.js';
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
  const tokens = v.replace(/[,.]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length < 1 || tokens.length > 5) return false;
  if (!tokens.every((t) => /^[A-Z][a-zA-Z'-]*$/.test(t))) return false;
  return tokens.some((t) => GIVEN_NAMES.has(t.toLowerCase()) || SURNAMES.has(t.toLowerCase()));
}

const VALUE_RULES: { kind: PiiKind; rule: string; test: (v: string) => boolean; hint?: RegExp }[] = [
  { kind: 'email', rule: 'RFC 5322-like address', test: isEmail, hint: /e-?mail/i },
  { kind: 'credit_card', rule: '13–19 digits passing the Luhn checksum', test: isCreditCard, hint: /card|cc_?num|pan/i },
  { kind: 'iban', rule: 'IBAN with a valid mod-97 checksum', test: isIban, hint: /iban|account/i },
  { kind: 'ssn', rule: 'US SSN (valid area, group and serial)', test: isSsn, hint: /ssn|social/i },
  { kind: 'ip_address', rule: 'IPv4 or IPv6 address', test: (v) => isIpv4(v) || isIpv6(v), hint: /\bip\b|ip_?addr/i },
  { kind: 'phone', rule: 'phone number (E.164 or national format)', test: isPhone, hint: /phone|mobile|tel|fax/i },
  { kind: 'postal_code', rule: 'postal code (US ZIP, UK, Canada) in a column named like one', test: (v) => isUsZip(v) || isUkPostcode(v) || isCanadianPostcode(v), hint: /zip|postal|post_?code/i },
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

function mask(v: string): string {
  return v.replace(/[A-Za-z0-9]/g, (ch, i: number) => (i === 0 || i === v.length - 1 ? ch : '*'));
}

function share(values: readonly string[], test: (v: string) => boolean): { share: number; hits: string[] } {
  const hits = values.filter(test);
  return { share: values.length ? hits.length / values.length : 0, hits };
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

  for (const r of VALUE_RULES) {
    const hinted = r.hint?.test(c.name) ?? false;
    if (r.kind === 'postal_code' && !hinted) continue;
    const { share: s, hits } = share(sample, r.test);
    if (s >= (hinted ? 0.5 : 0.8)) {
      return { column: c.name, kind: r.kind, confidence: Math.min(1, s * (hinted ? 1 : 0.95)), evidence: { rule: r.rule, matched_share: s, examples: hits.slice(0, 3).map(mask) } };
    }
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
      evidence: { rule: 'capitalised words including common given names or surnames, nearly one per row', matched_share: nameShare, examples: hits.slice(0, 3).map(mask) },
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
