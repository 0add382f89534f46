/**
 * The HTML report shows near-copies (privacy dcr.near), which the DCR verdict counts: real rows plus
 * tiny noise are no exact copies yet give the rows away. In words: what it is and what is good.
 */
import { expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import { NEAR_COPIES_LABEL } from '../../core/validation/near-real-text.js';

const rows = 300;
const table = (noise: number): Table => ({
  rowCount: rows,
  columns: Array.from({ length: 3 }, (_, c) => ({
    type: 'float' as const,
    name: `x${c}`,
    values: Float64Array.from({ length: rows }, (_, i) => ((i * (c + 7) * 7919) % 1009) / 10 + noise * (((i + c) % 5) - 2)),
  })),
});

it('a row for near-copies with their share, real rows’ own, the verdict and how it is judged', () => {
  const real = table(0);
  const doc = buildReport({ real, synthetic: table(1e-6), seed: 0, pairAggregate: 'all', disclosure: { piiColumns: [], leftOut: [] } });
  if ('not_measured' in doc.privacy) throw new Error('every column is compared');
  const near = doc.privacy.dcr.near!;
  expect(near.share).toBeGreaterThan(0.9);
  expect(near.verdict).toBe('risk');
  const html = reportHtml('t', doc, [], '', real);
  expect(html).toMatch(new RegExp(`<tr><th>${NEAR_COPIES_LABEL}</th><td>\\d+\\.\\d % \\(\\d+ rows; real rows among themselves: \\d+\\.\\d %\\) \\(risk\\)</td><td class="how">Synthetic rows closer to a real row than 99 % of real rows`));
  // How it is judged, said once (the help's own "up to 5 % is safe" beside the threshold's "safe up to 5 %" had said it twice).
  expect(html).toContain('as a copy does. Verdict: safe up to 5 %; beyond it safe unless');
  expect(html.match(/safe up to 5 %|up to 5 % is safe/g)).toHaveLength(1);
});
