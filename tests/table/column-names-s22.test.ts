/**
 * Column names are bounded (core/table/names.ts): a header with a name past MAX_NAME_CHARS, or names
 * past MAX_NAMES_BYTES together, is a 422 naming the column by position before any chunk is
 * written; JSON keys are refused as they are first seen; feature steps shorten the names they make
 * from values (a one-hot level of 5 000 characters) deterministically and uniquely.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../core/errors.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { MAX_NAMES_BYTES, MAX_NAME_CHARS, boundedName, checkNames } from '../../core/table/names.js';
import { unionKeys } from '../../core/files/json-source.js';
import { readCsvTable } from '../../core/table/csv.js';
import { applyPipeline, checkPipeline, fitPipeline, Pipeline } from '../../core/features/pipeline.js';
import { problemOf } from '../helpers/fixtures.js';

/** The refusal of ingesting `csv`, and how many chunks were written before it. */
async function refused(csv: string): Promise<{ problem: ProblemError; written: number }> {
  let written = 0;
  const bytes = Buffer.from(csv);
  try {
    await ingestCsv({ open: async () => Readable.from([bytes]), writeChunk: async () => void written++, chunkRows: 1 });
  } catch (e) {
    if (e instanceof ProblemError) return { problem: e, written };
    throw e;
  }
  throw new Error('expected the ingest to be refused');
}

const rows = (width: number) => Array.from({ length: 3 }, (_, r) => Array.from({ length: width }, (_, i) => r + i).join(',')).join('\n') + '\n';

describe('CSV headers', () => {
  it('a name of 500 000 characters is refused by position, with a short prefix, and nothing written', async () => {
    const { problem, written } = await refused(`id,${'n'.repeat(500_000)},${'m'.repeat(500_000)}\n${rows(3)}`);
    expect(problem.status).toBe(422);
    expect(problem.extensions).toMatchObject({ column: 2, name_chars: 500_000, max_name_chars: MAX_NAME_CHARS });
    expect(problem.detail).toContain(`Column 2's name is longer than ${MAX_NAME_CHARS} characters`);
    expect(problem.detail.length).toBeLessThan(400);
    expect(written).toBe(0);
  });

  it('1 000 names of 2 000 characters: the first is refused', async () => {
    const header = Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(2000, 'x')).join(',');
    const { problem, written } = await refused(`${header}\n${rows(1000)}`);
    expect(problem.extensions).toMatchObject({ column: 1 });
    expect(written).toBe(0);
  });

  it('names within the limit each but past the total are refused at the column that passes it', async () => {
    const header = Array.from({ length: 300 }, (_, i) => `${i}`.padEnd(MAX_NAME_CHARS, 'x')).join(',');
    const { problem, written } = await refused(`${header}\n${rows(300)}`);
    expect(problem.extensions).toMatchObject({ column: Math.floor(MAX_NAMES_BYTES / MAX_NAME_CHARS) + 1, max_names_bytes: MAX_NAMES_BYTES });
    expect(problem.detail).toContain('bytes together');
    expect(written).toBe(0);
  });

  it('a name at the limit (counted in characters, not UTF-16 units) is taken', async () => {
    const atLimit = '😀'.repeat(MAX_NAME_CHARS);
    const { columns } = await readCsvTable(`id,${atLimit}\n1,2\n`);
    expect(columns.map((c) => c.name)).toEqual(['id', atLimit]);
    expect(() => checkNames([atLimit + 'x'])).toThrow(/longer than/);
  });
});

describe('JSON keys', () => {
  it('a key past the limit is refused as it is first seen, by position', () => {
    const p = problemOf(() => unionKeys([{ a: 1 }, { a: 2, b: 3, ['k'.repeat(MAX_NAME_CHARS + 1)]: 4 }]));
    expect(p.status).toBe(422);
    expect(p.extensions).toMatchObject({ column: 3 });
  });

  it('keys past the total are refused', () => {
    const row = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${i}`.padEnd(MAX_NAME_CHARS, 'k'), i]));
    expect(problemOf(() => unionKeys([row])).detail).toContain('bytes together');
  });
});

describe('feature steps', () => {
  it('one-hot names from 5 000-character labels are shortened, deterministically and apart', async () => {
    const long = 'L'.repeat(5000);
    const { table } = await readCsvTable(`c,y\n${long}a,1\n${long}b,2\n${long}a,3\nshort,4\n`);
    const { pipeline, output } = fitPipeline(table, [{ kind: 'one_hot', column: 'c', max_levels: 20 }], 0);
    const added = output.columns.map((c) => c.name).filter((n) => n.startsWith('c='));
    expect(added).toHaveLength(3);
    expect(added).toContain('c=short');
    expect(added.every((n) => [...n].length <= MAX_NAME_CHARS)).toBe(true);
    expect(new Set(added).size).toBe(3);
    // The same names when the saved pipeline is applied again, and when a long name is bounded again.
    const again = applyPipeline(table, checkPipeline(Pipeline.parse(JSON.parse(JSON.stringify(pipeline)))));
    expect(again.columns.map((c) => c.name)).toEqual(output.columns.map((c) => c.name));
    expect(boundedName(`c=${long}a`)).toBe(boundedName(`c=${long}a`));
    expect(boundedName(`c=${long}a`)).not.toBe(boundedName(`c=${long}b`));
  });

  it('an interaction of two names at the limit is shortened', async () => {
    const a = 'a'.repeat(MAX_NAME_CHARS);
    const b = 'b'.repeat(MAX_NAME_CHARS);
    const { table } = await readCsvTable(`${a},${b}\n1,2\n3,4\n5,7\n`);
    const { output } = fitPipeline(table, [{ kind: 'interaction', left: a, right: b }], 0);
    expect(output.columns).toHaveLength(3);
    expect([...output.columns[2]!.name].length).toBeLessThanOrEqual(MAX_NAME_CHARS);
  });

  it('a step whose names would pass the total is refused', async () => {
    // Two columns of 200 levels of 997 characters: each name fits, and one column's 200 (≈ 200 KB) do; both pass 256 KiB.
    const labels = Array.from({ length: 200 }, (_, i) => `${i}`.padEnd(MAX_NAME_CHARS - 3, 'v'));
    const lines = [...labels, ...labels].map((l, i) => `${l},${l.replace(/v/g, 'w')},${i}`);
    const { table } = await readCsvTable(`c,d,y\n${lines.join('\n')}\n`);
    fitPipeline(table, [{ kind: 'one_hot', column: 'c', max_levels: 200 }], 0);
    const p = problemOf(() => fitPipeline(table, [{ kind: 'one_hot', column: 'c', max_levels: 200 }, { kind: 'one_hot', column: 'd', max_levels: 200 }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toContain('Step 1 (one_hot) would make the column names take');
  });
});
