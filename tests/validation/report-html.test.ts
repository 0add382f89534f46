/**
 * The HTML report reads on a phone and to a screen reader, and says how it was judged: a viewport,
 * headings for its parts and charts, each verdict beside its threshold, the drifting columns by name,
 * and a note when only the first columns are charted.
 */
import { expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { buildReport, reportCharts, reportHtml } from '../../core/validation/report.js';

const columns = 14;
const table = (rows: number, shift: (column: number) => number): Table => ({
  rowCount: rows,
  columns: Array.from({ length: columns }, (_, c) => ({ type: 'float' as const, name: `x${c}`, values: Float64Array.from({ length: rows }, (_, i) => ((i * (c + 3)) % 97) / 7 + shift(c)) })),
});

it('has a viewport, headings, thresholds beside verdicts, the drifting columns named and a note on the charts left out', () => {
  const real = table(200, () => 0);
  // x5 moved far from the real values: the one column that drifts.
  const synthetic = table(200, (c) => (c === 5 ? 50 : 0));
  const doc = buildReport({ real, synthetic, seed: 0, pairAggregate: 'all', disclosure: { piiColumns: [], leftOut: [] } });
  if ('not_measured' in doc.privacy) throw new Error('every column is compared');
  const html = reportHtml('t', doc, reportCharts(real, synthetic, doc), '', real);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain('<h2>Summary</h2>');
  expect(html).toContain('<h2>Charts</h2>');
  expect(html).toContain("'<figcaption><h3></h3></figcaption>");
  expect(html).toContain(`<td class="how">${doc.privacy.exact_copies.threshold.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</td>`);
  expect(doc.drift.columns.filter((c) => c.verdict === 'drift').map((c) => c.column)).toEqual(['x5']);
  expect(html).toMatch(/<tr><th>Columns drifting<\/th><td>1 of 14<\/td><td class="how">x5<\/td><\/tr>/);
  expect(html).toContain('One chart for each of the first 12 of 14 columns');
  // Every summary row has its three cells, so each row's rule runs the table's width.
  const summary = html.slice(html.indexOf('<h2>Summary</h2>'), html.indexOf('<h2>Charts</h2>'));
  const rows = summary.match(/<tr>.*?<\/tr>/g)!;
  expect(rows.length).toBeGreaterThan(5);
  expect(rows.filter((r) => (r.match(/<t[hd][ >]/g) ?? []).length !== 3)).toEqual([]);
  expect(html).toContain('<tr><th>Overall quality</th>');
  expect(html).toMatch(/<tr><th>Overall quality<\/th><td>[^<]+<\/td><td class="how"><\/td><\/tr>/);
});

it('says nothing of charts left out when every column is charted', () => {
  const real = table(50, () => 0);
  const narrow: Table = { rowCount: 50, columns: real.columns.slice(0, 3) };
  const doc = buildReport({ real: narrow, synthetic: narrow, seed: 0, pairAggregate: 'all', disclosure: { piiColumns: [], leftOut: [] } });
  expect(reportHtml('t', doc, [], '', narrow)).not.toContain('charts-note');
});
