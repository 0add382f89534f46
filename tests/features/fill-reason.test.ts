/** A fill's reason quotes the value as the derived file writes it, not rounded to four figures. */
import { describe, expect, it } from 'vitest';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { fitPipeline } from '../../core/features/pipeline.js';
import { applyExplained } from '../../core/features/describe.js';

async function filledByMean(text: string) {
  const { table } = await readCsvTable(Buffer.from(text));
  const { pipeline } = fitPipeline(table, [{ kind: 'impute', column: 'x', strategy: 'mean', indicator: false }], 0);
  const { output, reasons } = applyExplained(table, pipeline);
  return { written: writeCsv(output).split('\n')[2]!, reason: reasons.get('x') };
}

describe('an imputed column’s reason', () => {
  it('names the fill with the column’s decimals: the file’s 517.91, not 517.9', async () => {
    const { written, reason } = await filledByMean('x,y\n517.50,1\n,2\n518.25,3\n517.99,4\n');
    expect(written).toBe('517.91,2');
    expect(reason).toBe('x with missing values filled by its mean (517.91)');
  });

  it('names the fill with the column’s affix and decimal comma', async () => {
    const { written, reason } = await filledByMean('x;y\n€517,50;1\n;2\n€518,25;3\n€517,99;4\n');
    expect(written).toBe('"€517,91",2');
    expect(reason).toBe('x with missing values filled by its mean (€517,91)');
  });
});
