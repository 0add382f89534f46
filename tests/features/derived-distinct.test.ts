/**
 * A derived file's distinct counts are describeColumns' (one count, as an upload's): past the cap
 * the floor DISTINCT_CAP + 1, which the schema shows as "> 10,000". Its own second count had stopped
 * at the cap itself, and so showed exactly 10,000.
 */
import { describe, expect, it } from 'vitest';
import { fitPipeline } from '../../core/features/pipeline.js';
import { applyExplained, describeDerived } from '../../core/features/describe.js';
import { describeColumns } from '../../core/files/service.js';
import { DISTINCT_CAP } from '../../core/table/infer.js';
import type { Table } from '../../core/table/model.js';

describe('distinct values of a derived file', () => {
  it('are counted once, as describeColumns counts them: exact below the cap, DISTINCT_CAP + 1 past it', () => {
    const n = DISTINCT_CAP + 50;
    const source: Table = {
      rowCount: n,
      columns: [
        { type: 'float', name: 'a', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
        { type: 'float', name: 'b', values: Float64Array.from({ length: n }, (_, i) => (i % 2) + 1) },
      ],
    };
    const { pipeline } = fitPipeline(source, [{ kind: 'interaction', left: 'b', right: 'b' }, { kind: 'interaction', left: 'a', right: 'b' }], 0);
    const { output, reasons } = applyExplained(source, pipeline, true);
    const info = describeDerived(describeColumns(output), reasons, []);
    const distinct = Object.fromEntries(info.map((c) => [c.name, c.distinct]));
    expect(distinct).toEqual({ a: DISTINCT_CAP + 1, b: 2, 'b*b': 2, 'a*b': DISTINCT_CAP + 1 });
  });
});
