/**
 * l-diversity skips missing sensitive values, as CAP does: a column missing in every real row has no
 * l-diversity (null with a note, not "1", the worst case), a missing value is no distinct value of a
 * group, and a group whose values are all missing has nothing to give away. The HTML report shows it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lDiversity } from '../../core/validation/disclosure.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import { PrivacyPart } from '../../core/validation/schemas.js';
import type { Table } from '../../core/table/model.js';

const MISSING = -1;
/** zip groups of 4 rows; `plan` codes per row into ['a', 'b'], -1 missing. */
const table = (plan: readonly number[]): Table => ({
  rowCount: plan.length,
  columns: [
    { type: 'integer', name: 'zip', values: Float64Array.from(plan, (_, i) => Math.floor(i / 4)) },
    { type: 'float', name: 'x', values: Float64Array.from(plan, (_, i) => (i * 37) % 11) },
    { type: 'categorical', name: 'plan', codes: Int32Array.from(plan), categories: ['a', 'b'] },
  ],
});
const options = { quasiIdentifiers: ['zip'], sensitive: ['plan'] };

describe('l-diversity with missing sensitive values', () => {
  it('a column missing in every real row: null with a note, through the API schema, not 1', () => {
    const t = table(Array.from({ length: 12 }, () => MISSING));
    expect(lDiversity(t, ['zip'], 'plan')).toBeNull();
    const reply = privacyReport(t, t, undefined, 0, options);
    const a = reply.attribute_disclosure![0]!;
    expect(a).toMatchObject({ l_diversity: null, cap: null, verdict: 'safe' });
    expect(a.note).toContain('no l-diversity');
    expect(PrivacyPart.parse(reply).attribute_disclosure![0]!.l_diversity).toBeNull();
    // The OpenAPI document is made from the zod schemas (core/api/openapi.ts): it says when and why null.
    const l = JSON.stringify(z.toJSONSchema(PrivacyPart, { io: 'output', unrepresentable: 'any' }));
    expect(l).toContain('Null when the column is missing in every real row');
  });

  it('a missing value is no distinct value: a group of one value and missing ones is 1-diverse', () => {
    // Group 0: a, a, missing, missing (one value: counting missing as a value had given 2); group 1: a, b, a, b.
    expect(lDiversity(table([0, 0, MISSING, MISSING, 0, 1, 0, 1]), ['zip'], 'plan')).toBe(1);
  });

  it('a group whose values are all missing discloses nothing: it does not make the table 1-diverse', () => {
    // Group 0 all missing (read as one value "" before: l = 1); groups 1 and 2 hold two values each.
    expect(lDiversity(table([MISSING, MISSING, MISSING, MISSING, 0, 1, 0, 1, 1, 0, 1, 0]), ['zip'], 'plan')).toBe(2);
  });

  it('the HTML report shows k-anonymity, CAP and l-diversity, and why there is neither CAP nor l-diversity for a column missing throughout', () => {
    const t = table(Array.from({ length: 12 }, () => MISSING));
    const html = reportHtml('t', buildReport({ real: t, synthetic: t, seed: 0, pairAggregate: 'all', disclosure: { ...options, piiColumns: [], leftOut: [] } }), [], '', t);
    expect(html).toContain('<tr><th>Attribute disclosure of plan (CAP, l-diversity)</th><td>plan is missing in every real row: there is no value to disclose (no CAP, no l-diversity). (safe)</td>');
    const valued = table([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const shown = reportHtml('t', buildReport({ real: valued, synthetic: valued, seed: 0, pairAggregate: 'all', disclosure: { ...options, piiColumns: [], leftOut: [] } }), [], '', valued);
    expect(shown).toContain('<tr><th>Attribute disclosure of plan (CAP, l-diversity)</th><td>CAP 0.500, l-diversity 2 (safe)</td>');
    // Beside it, how exposed the real rows are on those quasi-identifiers: groups of 4.
    expect(shown).toContain('<tr><th>k-anonymity of the real data on zip</th><td>k = 4 (review)</td>');
  });
});
