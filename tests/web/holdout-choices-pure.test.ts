/**
 * The utility section's holdout choices: a file made by "Apply the same steps" (held-out rows run
 * through the source's feature steps) is offered beside uploads, labelled with where it came from.
 */
import { describe, expect, it } from 'vitest';
import type { FileMeta } from '../../web/src/api.js';
import { holdoutChoices, holdoutLabel } from '../../web/src/views/insights.js';

const PIPELINE = { steps: [{ spec: { kind: 'scale', column: 'b', method: 'standard' }, fitted: { mean: 1, sd: 2 } }] };
const file = (file_id: string, filename: string, lineage: FileMeta['lineage'], columns = ['a', 'b'], rows = 10): FileMeta =>
  ({ file_id, filename, status: 'ready', size: rows * 10, rows, created_at: '2026-01-01T00:00:00Z', lineage, columns: columns.map((name) => ({ name, type: 'float', missing: 0 })) }) as FileMeta;

const upload = file('u', 'penguins.csv', { operation: 'upload' }, ['a', 'b'], 300);
const source = file('s', 'penguins.features.csv', { operation: 'features', parent: 'u', details: { pipeline: PIPELINE } }, ['a', 'b'], 300);
const synthetic = file('syn', 'penguins.features.gaussian_copula.seed-1.synthetic.csv', { operation: 'synthesize', parent: 's' }, ['a', 'b'], 300);
const held = file('h', 'penguins-holdout.csv', { operation: 'upload' }, ['a', 'b'], 60);
const heldSteps = file('hs', 'penguins-holdout.features.csv', { operation: 'features', parent: 'h', details: { pipeline: PIPELINE } }, ['a', 'b'], 60);
const refitted = file('hr', 'penguins-holdout.features.csv', { operation: 'features', parent: 'h', details: { pipeline: { steps: [] } } }, ['a', 'b'], 60);
const ofSource = file('sf', 'penguins.features.features.csv', { operation: 'features', parent: 's', details: { pipeline: PIPELINE } }, ['a', 'b'], 300);
const all = [upload, source, synthetic, held, heldSteps, refitted, ofSource];

describe('holdoutChoices', () => {
  it('offers held-out rows run through the source’s steps, as well as uploads', () => {
    expect(holdoutChoices('s', synthetic, all).map((f) => f.file_id)).toEqual(['h', 'hs', 'hr']);
  });
  it('still offers nothing made from the training rows or their ancestors', () => {
    const ids = holdoutChoices('s', synthetic, all).map((f) => f.file_id);
    for (const seen of ['u', 's', 'syn', 'sf']) expect(ids).not.toContain(seen);
  });
});

describe('holdoutLabel', () => {
  it('says which file the steps were applied to, and whether they are the source’s own', () => {
    expect(holdoutLabel(heldSteps, source, all)).toBe('penguins-holdout.features.csv (the source’s steps applied to penguins-holdout.csv)');
    expect(holdoutLabel(refitted, source, all)).toBe('penguins-holdout.features.csv (feature steps fitted on penguins-holdout.csv)');
    expect(holdoutLabel(held, source, all)).toBe('penguins-holdout.csv');
  });
  it('names a parent no longer listed by the name it kept', () => {
    const orphan = file('o', 'x.features.csv', { operation: 'features', parent: 'gone', parent_name: 'x.csv', details: { pipeline: PIPELINE } });
    expect(holdoutLabel(orphan, source, all)).toBe('x.features.csv (the source’s steps applied to x.csv)');
  });
});
