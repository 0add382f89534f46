/**
 * Over HTTP, penguins split into training and holdout rows: a holdout is read in the real file's
 * types (a re-typed column reported, a column that reads as nothing refused), and one holding no
 * value or written by the generator is refused. Before, only the names were checked: `sex` as 1/0
 * gave a "risk" privacy verdict and a utility accuracy of 0, an empty holdout 'risk' verdicts and
 * the synthetic file as its own holdout all 'safe'.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type TypeDifference = { column: string; real_type: string; synthetic_type: string; unreadable?: number };
type Reply = { holdout_retyped_columns?: TypeDifference[]; detail?: string; columns?: string[]; html_url?: string };

let stack: TestStack;
let train: FileMeta;
let synthetic: string;
let other: string;
const holdouts: Record<string, string> = {};
const post = (path: string, json: unknown) => call<Reply>(stack.url, 'POST', path, { json });
const privacy = (holdout: string) => post('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout });
const report = (holdout: string) => post('/validation/report', { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout, target: 'species', pair_details: 'none' });
const utility = (holdout: string, target = 'species') => post('/validation/utility', { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdout, target });

beforeAll(async () => {
  stack = await testStack();
  const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
  const csv = (lines: string[]) => [header, ...lines].join('\n') + '\n';
  const held = rows.slice(244);
  // body_mass_g is the sixth column; three of its values written as words.
  const worded = held.map((l, i) => (i < 3 ? l.split(',').map((x, j) => (j === 5 ? `about ${x}` : x)).join(',') : l));
  const named = {
    train: csv(rows.slice(0, 244)),
    plain: csv(held),
    sex10: csv(held.map((l) => l.replace(',male,', ',1,').replace(',female,', ',0,'))),
    worded: csv(worded),
    empty: csv(Array.from({ length: 10 }, () => ','.repeat(7))),
  };
  const up = await Promise.all(Object.entries(named).map(([name, text]) => uploadDirect<FileMeta>(stack.url, `${name}.csv`, text)));
  train = up[0]!.json;
  for (const [i, name] of Object.keys(named).entries()) holdouts[name] = up[i]!.json.file_id;
  const [a, b] = await Promise.all([1, 2].map((seed) => generated(stack.url, { file_id: train.file_id, generator: 'gaussian_copula', seed })));
  [synthetic, other] = [a!.generated_file_id, b!.generated_file_id];
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

describe('a holdout read in the real types', () => {
  it('refuses a column none of whose values is a real one (sex as 1/0), naming it', async () => {
    for (const r of [await privacy(holdouts.sex10!), await utility(holdouts.sex10!, 'sex')]) {
      expect(r.status, r.text).toBe(422);
      expect(r.type).toContain('problem+json');
      expect(r.json.detail).toMatch(/sex is categorical in the real file .* but integer in the holdout/);
      expect(r.json.columns).toEqual(['sex']);
    }
  });

  it('reads a column with some unreadable values as the real type and reports it', async () => {
    const expected = [{ column: 'body_mass_g', real_type: 'integer', synthetic_type: 'text', unreadable: 3 }];
    for (const r of [await privacy(holdouts.worded!), await utility(holdouts.worded!)]) {
      expect(r.status, r.text).toBe(200);
      expect(r.json.holdout_retyped_columns).toEqual(expected);
    }
  });

  it('says nothing of re-typing when the holdout is typed as the real file', async () => {
    for (const r of [await privacy(holdouts.plain!), await report(holdouts.plain!)]) {
      expect(r.status, r.text).toBe(200);
      expect(r.json.holdout_retyped_columns).toBeUndefined();
    }
  });

  it('reports the re-typed column in the full report too, in its reply and on its page', async () => {
    const r = await report(holdouts.worded!);
    expect(r.status, r.text).toBe(200);
    expect(r.json.holdout_retyped_columns).toEqual([{ column: 'body_mass_g', real_type: 'integer', synthetic_type: 'text', unreadable: 3 }]);
    const html = await (await fetch(r.json.html_url!)).text();
    expect(html).toContain('Holdout columns read as the real file types them');
    expect(html).toContain('body_mass_g (text in the holdout, read as integer; 3 values unreadable, scored as missing)');
  }, 60_000);
});

describe('a holdout with nothing real in it', () => {
  it('refuses a holdout whose every cell is empty', async () => {
    for (const r of [await privacy(holdouts.empty!), await post('/validation/report', { real_file_id: train.file_id, synthetic_file_id: synthetic, holdout_file_id: holdouts.empty })]) {
      expect(r.status, r.text).toBe(422);
      expect(r.json.detail).toMatch(/holdout file has no values/);
    }
  });

  it('refuses the synthetic file, or any generated file, as the holdout', async () => {
    const self = await privacy(synthetic);
    expect(self.status, self.text).toBe(422);
    expect(self.json.detail).toMatch(/is the synthetic file itself: a holdout must be real rows the generator never saw/);
    for (const r of [await privacy(other), await utility(other)]) {
      expect(r.status, r.text).toBe(422);
      expect(r.json.detail).toMatch(/was generated \(from train\.csv\): a holdout must be real rows the generator never saw/);
    }
  });
});

describe('/openapi.json', () => {
  it('shows holdout_retyped_columns on the privacy, utility and full report replies', async () => {
    const doc = await call<{ components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(stack.url, 'GET', '/openapi.json');
    for (const id of ['PrivacyResult', 'UtilityResult', 'ReportResult']) expect(Object.keys(doc.json.components.schemas[id]?.properties ?? {}), id).toContain('holdout_retyped_columns');
  });
});
