/**
 * pii_verbatim counts real values found in the synthetic column only beyond what chance makes, where
 * chance is measurable (Good–Turing, disclosure.ts): independent dates of birth meet real ones, copies do more.
 */
import { describe, expect, it } from 'vitest';
import { piiVerbatim } from '../../core/validation/disclosure.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

/** `n` dates over 16 800 days (1950–1999, day ≤ 28), as text. */
function dates(n: number, seed: number): string[] {
  const rng = Rng.seeded(seed);
  const two = (x: number) => String(x).padStart(2, '0');
  return Array.from({ length: n }, () => `19${two(rng.int(50, 99))}-${two(rng.int(1, 12))}-${two(rng.int(1, 28))}`);
}

const table = (name: string, values: (string | null)[]): Table => ({ rowCount: values.length, columns: [{ type: 'text', name, values }] });
const leaked = (real: (string | null)[], synthetic: (string | null)[]) => piiVerbatim(table('v', real), table('v', synthetic), ['v'])[0]!.leaked_values;

describe('pii_verbatim against chance', () => {
  const real = dates(2000, 1);

  it('independent dates over the same days: their ~200 chance meetings are no leak', () => {
    for (const seed of [2, 3, 4, 5]) {
      const other = dates(2000, seed);
      const met = new Set(other.filter((v) => real.includes(v)));
      expect(met.size).toBeGreaterThan(100);
      expect(leaked(real, other)).toBe(0);
    }
  });

  it('a copy, or a quarter of the rows copied among independent ones, is a leak: every real value found counts', () => {
    expect(leaked(real, real)).toBe(new Set(real).size);
    const mixed = [...real.slice(0, 500), ...dates(1500, 9)];
    expect(leaked(real, mixed)).toBe(new Set(mixed.filter((v) => real.includes(v))).size);
  });

  it('unique values (emails): chance is not measurable, so one found is one leaked', () => {
    const emails = Array.from({ length: 2000 }, (_, i) => `p${i}@example.org`);
    expect(leaked(emails, ['p7@example.org', 'new@example.org'])).toBe(1);
  });

  it('few values held twice: too few to estimate chance, any found counts', () => {
    const someTwice = [...dates(100, 1), '1960-01-01', '1960-01-01'];
    expect(leaked(someTwice, ['1960-01-01'])).toBe(1);
  });

  it('missing cells never match', () => {
    expect(leaked([null, 'a'], [null, 'b'])).toBe(0);
  });
});
