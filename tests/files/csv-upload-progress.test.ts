/**
 * A large table's CSV original is streamed to the store (past TABMIMIC_PUT_WHOLE_BYTES, set small
 * here): its rows are counted as the store takes them, so the bar moves during the upload (which took
 * many seconds for millions of rows, the bar still), the last count once it is stored, and a cancel
 * thrown from a count stops the upload and leaves nothing. The bytes are the same as writeCsv's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { fileKeys } from '../../core/files/model.js';
import { newDerivedFile, writeTableFile } from '../../core/files/service.js';
import { PIECE_ROWS, writeCsv } from '../../core/table/csv.js';
import type { Table } from '../../core/table/model.js';
import { savedEnv } from '../helpers/env.js';
import { intercept } from '../helpers/intercept.js';
import { testStack, type TestStack } from '../helpers/stack.js';

const ROWS = 5 * PIECE_ROWS + 123;
const table: Table = {
  rowCount: ROWS,
  columns: [
    { type: 'integer', name: 'n', values: Float64Array.from({ length: ROWS }, (_, i) => i) },
    { type: 'text', name: 's', values: Array.from({ length: ROWS }, (_, i) => (i % 7 ? `v,${i}` : null)) },
  ],
};

let stack: TestStack;
const restore = savedEnv('TABMIMIC_PUT_WHOLE_BYTES');
beforeAll(async () => {
  // The header and the first piece are put whole-sized; the rest must stream.
  process.env.TABMIMIC_PUT_WHOLE_BYTES = '1000';
  stack = await testStack();
}, 60_000);
afterAll(async () => {
  restore();
  await stack?.destroy();
});

async function newFile(): Promise<string> {
  const file = newDerivedFile({ file_id: 'f_0000000000parent', filename: 'p.csv' } as FileMeta, 'test', { operation: 'synthesize', details: {} });
  await stack.services.meta.putFile(file);
  return file.file_id;
}

/** The services with putStream marking its start and end in `events`. */
function marked(events: string[]) {
  const blobs = intercept(stack.services.blobs, 'putStream', async (original, args) => {
    events.push('upload starts');
    await original(...args);
    events.push('upload ends');
  });
  return { ...stack.services, blobs };
}

describe('the CSV original of a large table', () => {
  it('counts rows while the upload runs, the last once stored, and stores the same bytes', async () => {
    const id = await newFile();
    const events: string[] = [];
    await writeTableFile(marked(events), id, table, [], undefined, async (_share, pass, rows) => void (pass === 'csv' && events.push(`csv ${rows}`)));
    const start = events.indexOf('upload starts');
    const end = events.indexOf('upload ends');
    expect(start).toBeGreaterThanOrEqual(0);
    const during = events.slice(start + 1, end);
    // Several counts while the store takes the pieces, each short of the whole.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.every((e) => /^csv \d+$/.test(e) && Number(e.slice(4)) < ROWS)).toBe(true);
    expect(events.slice(end + 1)).toEqual([`csv ${ROWS}`]);
    const stored = Buffer.from(await stack.services.blobs.getBytes(fileKeys.original(id))).toString('utf8');
    expect(stored).toBe(writeCsv(table));
  }, 60_000);

  it('a cancel found by a count during the upload stops it, and leaves no object behind', async () => {
    const id = await newFile();
    const events: string[] = [];
    const cancelled = new Error('cancelled');
    const onWritten = async (_share: number, pass: string) => {
      if (pass === 'csv' && events.includes('upload starts')) throw cancelled;
    };
    await expect(writeTableFile(marked(events), id, table, [], undefined, onWritten)).rejects.toBe(cancelled);
    expect(await stack.services.blobs.list(fileKeys.prefix(id))).toEqual([]);
  }, 60_000);
});
