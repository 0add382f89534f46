/** Problems about conditions write a date condition as its column writes dates, not as the epoch milliseconds the generator takes. */
import { describe, expect, it } from 'vitest';
import { findSynthesizer } from '../../core/synth/registry.js';
import { validateConditions } from '../../core/generation/conditions.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import { datetimeFormat, parseDatetime } from '../../core/table/datetime.js';
import type { ColumnInfo } from '../../core/files/model.js';
import type { Conditions } from '../../core/synth/synthesizer.js';
import type { Table } from '../../core/table/model.js';

const VISITS = ['01/03/2021', '15/03/2021', '02/04/2021', '20/04/2021'];

/** Four visit dates, each at one site only (the first two north, the others south). */
function visits(format: string): Table {
  const ms = VISITS.map((d) => parseDatetime(datetimeFormat('DD/MM/YYYY'), d));
  const n = 400;
  return {
    rowCount: n,
    columns: [
      { type: 'datetime', name: 'visit', format, values: Float64Array.from({ length: n }, (_, i) => ms[i % 4]!) },
      { type: 'categorical', name: 'site', categories: ['north', 'south'], codes: Int32Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 0 : 1)) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => (i % 7) + (i % 4) * 10) },
    ],
  };
}

/** The conditions as a request gives them, resolved as the generation service does (the date parsed to epoch ms). */
function resolved(conditions: Conditions): Conditions {
  const columns: ColumnInfo[] = [
    { name: 'visit', type: 'datetime', missing: 0, format: 'DD/MM/YYYY' },
    { name: 'site', type: 'categorical', missing: 0, categories: ['north', 'south'] },
  ];
  const out = validateConditions(conditions, columns, { generator: 'gaussian_copula', capabilities: { conditional: true, numericConditions: true }, enforcesBounds: false });
  expect(typeof out.visit).toBe('number');
  return out;
}

/** The 422's detail when sampling under `conditions`. */
async function refusal(table: Table, params: Record<string, unknown>, conditions: Conditions): Promise<string> {
  const synth = findSynthesizer('gaussian_copula');
  const model = await synth.fit(table, synth.params.parse(params), Rng.seeded(1));
  try {
    model.sample(5, Rng.seeded(2), conditions);
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemError);
    expect((e as ProblemError).status).toBe(422);
    return (e as Error).message;
  }
  throw new Error('sampled rows the data never holds');
}

describe('a 422 on conditions that never occur together quotes the date as written', () => {
  const epoch = String(parseDatetime(datetimeFormat('DD/MM/YYYY'), '01/03/2021'));
  const asked = () => resolved({ visit: '01/03/2021', site: 'south' });

  it('gaussian_copula with strata: one group per site', async () => {
    // Was `visit = 1614556800000`.
    const detail = await refusal(visits('DD/MM/YYYY'), {}, asked());
    expect(detail).toContain('visit = "01/03/2021", site = "south"');
    expect(detail).toMatch(/no group of site has these values together/);
    expect(detail).not.toContain(epoch);
  });

  it('gaussian_copula without strata: the site looked up from the visit', async () => {
    const detail = await refusal(visits('DD/MM/YYYY'), { strata: 'off' }, asked());
    expect(detail).toContain('visit = "01/03/2021", site = "south"');
    expect(detail).toMatch(/never holds these values together/);
    expect(detail).not.toContain(epoch);
  });

  it('a column of a format the model does not know: ISO 8601', async () => {
    const detail = await refusal(visits('no such format'), {}, asked());
    expect(detail).toContain('visit = "2021-03-01T00:00:00.000Z", site = "south"');
  });
});
