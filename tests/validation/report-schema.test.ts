/** The full report's documented schema (ReportResult) holds for its odd figures too: the reply is checked against it. */
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../core/table/csv.js';
import { buildReport } from '../../core/validation/report.js';
import { ReportResult, UtilityResult } from '../../core/validation/schemas.js';

describe('ReportResult', () => {
  it('takes an r² that overflows (NaN, null in JSON) rather than failing the reply', async () => {
    const csv = 'huge,tiny\n' + Array.from({ length: 30 }, (_, i) => `${i + 1}e300,${i + 1}e-300`).join('\n') + '\n';
    const { table } = await readCsvTable(Buffer.from(csv));
    const doc = buildReport({ real: table, synthetic: table, holdout: table, target: 'huge', seed: 0, pairAggregate: 'all', disclosure: {} });
    expect(doc.utility?.train_real.r2).toBeNaN();
    const reply = { ...doc, compared_with: { rows: 30 }, html_url: 'https://example.test/report.html' };
    expect(ReportResult.safeParse(reply).success).toBe(true);
    expect(UtilityResult.safeParse({ ...doc.utility, compared_with: { rows: 30 } }).success).toBe(true);
    // What the client reads: null.
    expect(ReportResult.parse(JSON.parse(JSON.stringify(reply))).utility?.train_real.r2).toBeNull();
  });
});
