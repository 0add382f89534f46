/**
 * A datetime column's UTC offset (core/table/utc-offset.ts) is part of its record in every fitted
 * model: generated values are written at the source's offset after a save and load, by every
 * generator and through the copula's lookups and time-of-day split; a model saved before offsets
 * were kept loads, and writes at `+00:00` as it did.
 */
import { describe, expect, it } from 'vitest';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import { fakeColumn, planFakes } from '../../core/pii/fake.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const n = 400;
const rng = Rng.seeded(5);
/** Readings on the hour over 90 days, and a count that follows the hour. */
const at = Float64Array.from({ length: n }, () => Date.UTC(2024, 2, 1) + rng.int(0, 89) * DAY + rng.int(6, 20) * HOUR);
const table: Table = {
  rowCount: n,
  columns: [
    { type: 'datetime', name: 'read_at', format: 'YYYY-MM-DDTHH:mm:ssxxx', utcOffset: '+05:30', values: at },
    { type: 'integer', name: 'count', values: Float64Array.from(at, (t) => Math.round(((t % DAY) / HOUR) * 3 + rng.normal())) },
  ],
};
const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
const [lo, hi] = [Math.min(...at), Math.max(...at)];

describe('the offset through every generator', () => {
  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: sampled after save and load at the source\'s offset, within its range', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(table, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(200, Rng.seeded(1));
    const read = out.columns.find((c) => c.name === 'read_at') as DatetimeColumn;
    expect(read).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssxxx', utcOffset: '+05:30' });
    const lines = writeCsv(out).trim().split('\n').slice(1);
    for (const line of lines) {
      const text = line.split(',')[0]!;
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
      const ms = Date.parse(text);
      expect(ms).toBeGreaterThanOrEqual(lo);
      expect(ms).toBeLessThanOrEqual(hi);
    }
  });

  it('a model saved before offsets were kept loads, and writes at +00:00', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const saved = JSON.parse(new TextDecoder().decode((await copula.fit(table, copula.params.parse({ lookups: 'off' }), Rng.seeded(0))).save())) as unknown;
    const text = JSON.stringify(saved);
    expect(text).toContain('"utcOffset":"+05:30"');
    const old = await copula.load(new TextEncoder().encode(text.replaceAll(',"utcOffset":"+05:30"', '')));
    const out = old.sample(20, Rng.seeded(1));
    expect((out.columns[0] as DatetimeColumn).utcOffset).toBeUndefined();
    expect(writeCsv(out).trim().split('\n').slice(1).every((l) => l.split(',')[0]!.endsWith('+00:00'))).toBe(true);
  });

  it('the same seed gives the same bytes', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const sample = async () => writeCsv((await copula.fit(table, copula.params.parse({}), Rng.seeded(3))).sample(50, Rng.seeded(4)));
    expect(await sample()).toBe(await sample());
  });
});

describe('faked datetimes', () => {
  it('keep the offset in their plan', () => {
    const plan = planFakes(table.columns[0]!, 'date_of_birth', Rng.seeded(0));
    expect(plan.utcOffset).toBe('+05:30');
    const fake = fakeColumn(plan, 10, Rng.seeded(1)) as DatetimeColumn;
    expect(fake.utcOffset).toBe('+05:30');
    expect(writeCsv({ rowCount: 10, columns: [fake] }).trim().split('\n').slice(1).every((l) => l.endsWith('+05:30'))).toBe(true);
  });
});
