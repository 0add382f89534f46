/**
 * Large files have their column work done in a worker thread (core/table/ingest-thread.ts). That
 * must change nothing but the speed: the same chunks to the byte, the same summary, the same
 * errors — a type refused in the worker is the same 422 as in one thread.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestCsv, type IngestOptions } from '../../core/table/ingest.js';
import { ProblemError } from '../../core/errors.js';

/** Ingests bytes arriving in pieces of `piece` bytes, with the worker on or off: chunks, summary, or the error. */
async function ingest(bytes: Buffer, worker: boolean, options: Partial<IngestOptions> = {}, piece = 64 * 1024) {
  const chunks: string[] = [];
  let progress = 0;
  const pieces = Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => bytes.subarray(i * piece, (i + 1) * piece));
  try {
    const summary = await ingestCsv({
      open: async () => Readable.from(pieces),
      writeChunk: async (index, chunk) => {
        expect(index).toBe(chunks.length);
        // Digests, not bytes: a deep comparison of megabytes of bytes is what would take the time.
        chunks.push(createHash('sha256').update(chunk).digest('hex'));
      },
      onProgress: (bytesRead) => (progress = bytesRead),
      worker,
      ...options,
    });
    return { chunks, summary, progress };
  } catch (e) {
    return { error: e };
  }
}

/** Both ways; the worker must really have run, and both must agree on everything else. */
async function bothWays(bytes: Buffer, options: Partial<IngestOptions> = {}, piece?: number) {
  const one = await ingest(bytes, false, options, piece);
  const two = await ingest(bytes, true, options, piece);
  if ('summary' in two && two.summary) expect(two.summary.threads).toBe(2);
  return { one, two };
}

/** Every column type, missing spellings, quotes with escapes and line breaks, a Latin-1 or UTF-8 name column. */
function mixedCsv(rows: number, encoding: 'utf8' | 'latin1' = 'utf8'): Buffer {
  const lines = ['id,amount,ratio,category,day,flag,note,name'];
  for (let i = 0; i < rows; i++) {
    const note = i % 997 === 0 ? `"said ""hi"", then\nleft"` : i % 13 === 0 ? 'NA' : `row ${i}`;
    const name = ['José', 'Zoë', 'Ærø', 'Müller', 'Ñandú'][i % 5];
    lines.push(
      [i, ((i * 37) % 10_000) / 100, (Math.sin(i) * 3).toFixed(6), ['alpha', 'beta', 'gamma'][i % 3], `2024-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'yes' : 'no', note, name].join(','),
    );
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', encoding);
}

describe('ingest with the worker thread', () => {
  it('writes the same chunks and summary as one thread, over many packets and chunks', async () => {
    const bytes = mixedCsv(120_000);
    const { one, two } = await bothWays(bytes, { chunkRows: 7_000 });
    expect(one.chunks!.length).toBe(18);
    expect(two.chunks).toEqual(one.chunks);
    expect({ ...two.summary, threads: 1 }).toEqual(one.summary);
    // Both passes read the whole file.
    expect([one.progress, two.progress]).toEqual([2 * bytes.length, 2 * bytes.length]);
  });

  it('agrees on Latin-1, on pieces of any size, and on cells larger than a packet', async () => {
    const latin1 = mixedCsv(20_000, 'latin1');
    const a = await bothWays(latin1, {}, 997);
    expect(a.one.summary!.dialect.encoding).toBe('windows-1252');
    expect(a.two.chunks).toEqual(a.one.chunks);

    const huge = `"${'x'.repeat(3 * 2 ** 20)}"`;
    const wide = Buffer.from(`a,b\n1,${huge}\n2,short\n${huge},3\n`);
    const b = await bothWays(wide, {}, 100_000);
    expect(b.one.summary!.rows).toBe(3);
    expect(b.two.chunks).toEqual(b.one.chunks);
  });

  it('refuses a type the values do not fit with the same 422, found in the worker', async () => {
    const bytes = mixedCsv(30_000);
    const { one, two } = await bothWays(bytes, { overrides: { amount: { type: 'integer' }, flag: { type: 'boolean' } } });
    expect(one.error).toBeInstanceOf(ProblemError);
    expect(two.error).toBeInstanceOf(ProblemError);
    const [a, b] = [one.error as ProblemError, two.error as ProblemError];
    expect([b.status, b.title, b.detail, b.extensions]).toEqual([a.status, a.title, a.detail, a.extensions]);
    expect(b.status).toBe(422);
    expect(b.extensions.columns).toEqual([expect.objectContaining({ column: 'amount', type: 'integer' })]);
  });

  it('accepts the types set by the user as one thread does', async () => {
    const bytes = mixedCsv(30_000);
    const { one, two } = await bothWays(bytes, { overrides: { id: { type: 'text' }, day: { type: 'categorical' }, amount: { type: 'float' } } });
    expect(two.chunks).toEqual(one.chunks);
    expect(two.summary!.columns).toEqual(one.summary!.columns);
  });

  it('reports a bad row with the same line', async () => {
    const bytes = Buffer.concat([mixedCsv(50_000), Buffer.from('1,2,3\n')]);
    const { one, two } = await bothWays(bytes);
    expect((two.error as ProblemError).extensions).toEqual((one.error as ProblemError).extensions);
    expect((two.error as ProblemError).detail).toBe((one.error as ProblemError).detail);
  });
});
