/**
 * JSON, JSON Lines and Parquet originals read as CSV (core/files/source.ts), then through the real
 * ingest: header, cells, quoting, types and values, and the 422s for files of the wrong shape.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { gzipSync } from 'node:zlib';
import { ProblemError } from '../../core/errors.js';
import { ACCEPTED_CONTENT_TYPES, sourceFormat } from '../../core/files/formats.js';
import { checkSourceSize, withCsvSource } from '../../core/files/source.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { concatTables, decodeTable } from '../../core/table/arrow.js';
import { toRecords } from '../../core/table/csv.js';
import { cellText, csvRecord } from '../../core/files/csv-cells.js';
import { jsonLinesCsv } from '../../core/files/json-source.js';
import { spoolJsonLines } from '../../core/files/jsonl-spool.js';
import { own } from '../../core/records.js';

const blobsOf = (bytes: Uint8Array) => ({
  // Small chunks, so lines and UTF-8 sequences are split across them.
  getStream: async () => Readable.from(Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => Buffer.from(bytes.subarray(i * 7, i * 7 + 7)))),
  getBytes: async () => bytes,
});

const metaOf = (filename: string, content_type: string, bytes: Uint8Array) => ({ file_id: 'f_test', filename, content_type, size: bytes.length });

async function csvOf(filename: string, contentType: string, content: string | Uint8Array): Promise<string> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return withCsvSource(blobsOf(bytes), metaOf(filename, contentType, bytes), async (source) => {
    const parts: Buffer[] = [];
    for await (const chunk of await source.open()) parts.push(chunk as Buffer);
    return Buffer.concat(parts).toString('utf8');
  });
}

async function ingest(filename: string, contentType: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const chunks: Uint8Array[] = [];
  const summary = await withCsvSource(blobsOf(bytes), metaOf(filename, contentType, bytes), (source) =>
    ingestCsv({ open: () => source.open(), ...(source.dialect ? { dialect: source.dialect } : {}), writeChunk: async (_i, b) => void chunks.push(b) }),
  );
  const table = concatTables(chunks.map(decodeTable));
  return {
    summary,
    types: Object.fromEntries(summary.columns.map((c) => [c.name, c.type])),
    records: toRecords(table, 0, table.rowCount),
  };
}

async function problem(run: Promise<unknown>): Promise<ProblemError> {
  const e: unknown = await run.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ProblemError);
  return e as ProblemError;
}

describe('format from content type, then extension', () => {
  it.each([
    ['text/csv', 'x.json', 'csv'],
    ['application/json', 'x.csv', 'json'],
    ['application/x-ndjson', 'x', 'jsonl'],
    ['application/jsonl', 'x', 'jsonl'],
    ['application/vnd.apache.parquet', 'x', 'parquet'],
    ['application/x-parquet', 'x', 'parquet'],
    ['application/octet-stream', 'x.PARQUET', 'parquet'],
    ['application/octet-stream', 'x.ndjson', 'jsonl'],
    ['application/octet-stream', 'x.jsonl', 'jsonl'],
    ['application/octet-stream', 'x.json', 'json'],
    ['application/octet-stream', 'x.csv', 'csv'],
    ['application/octet-stream', 'noext', 'csv'],
    ['image/png', 'x.parquet', undefined],
  ])('%s + %s → %s', (ct, name, format) => {
    expect(sourceFormat(ct, name)).toBe(format);
  });

  it('every accepted content type has a format', () => {
    for (const ct of ACCEPTED_CONTENT_TYPES) expect(sourceFormat(ct, 'x'), ct).toBeDefined();
  });

  it('caps a JSON array (read whole) but not JSON Lines or Parquet', async () => {
    expect((await problem(Promise.resolve().then(() => checkSourceSize('json', 257 * 1024 * 1024)))).status).toBe(413);
    expect(() => checkSourceSize('jsonl', 5 * 1024 ** 3)).not.toThrow();
    expect(() => checkSourceSize('parquet', 5 * 1024 ** 3)).not.toThrow();
  });
});

describe('JSON array', () => {
  it('writes the union of keys in first-seen order; missing and null are empty; nested values are JSON; quotes where needed', async () => {
    const json = JSON.stringify([
      { id: 1, name: 'Zoë, "the" ✓', tags: ['a', 'b'], ok: true },
      { id: 2, extra: { k: 1 }, ok: false, name: null },
      { id: 3, name: 'line\nbreak' },
    ]);
    expect(await csvOf('x.json', 'application/json', json)).toBe(
      'id,name,tags,ok,extra\n' + '1,"Zoë, ""the"" ✓","[""a"",""b""]",true,\n' + '2,,,false,"{""k"":1}"\n' + '3,"line\nbreak",,,\n',
    );
  });

  it('reads keys named like Object members only from the row itself (a row without `constructor` has an empty cell)', async () => {
    const json = '[{"constructor":"a","__proto__":"p","toString":1},{"x":2}]';
    expect(await csvOf('x.json', 'application/json', json)).toBe('constructor,__proto__,toString,x\n' + 'a,p,1,\n' + ',,,2\n');
    expect(await csvOf('x.jsonl', 'application/x-ndjson', json.slice(1, -1).replace('},{', '}\n{'))).toBe('constructor,__proto__,toString,x\n' + 'a,p,1,\n' + ',,,2\n');
  });

  it('ingests to the same types and values as the equivalent CSV', async () => {
    const rows = [
      { n: 1, x: 1.5, s: 'a', b: true, d: '2024-01-02' },
      { n: 2, x: -0.25, s: 'b', b: false, d: '2024-02-03' },
      { n: 3, x: null, s: 'a', b: true },
    ];
    const fromJson = await ingest('t.json', 'application/json', JSON.stringify(rows));
    const fromCsv = await ingest('t.csv', 'text/csv', 'n,x,s,b,d\n1,1.5,a,true,2024-01-02\n2,-0.25,b,false,2024-02-03\n3,,a,true,\n');
    expect(fromJson.types).toEqual(fromCsv.types);
    expect(fromJson.types).toMatchObject({ n: 'integer', x: 'float', b: 'boolean', d: 'datetime' });
    expect(fromJson.records).toEqual(fromCsv.records);
  });

  it('keeps the missing rows of a one-column file (an empty CSV line would be skipped as blank)', async () => {
    const rows = [{ a: 1 }, { a: null }, { a: 3 }, {}, { a: '' }];
    for (const [name, type, content] of [
      ['t.json', 'application/json', JSON.stringify(rows)],
      ['t.jsonl', 'application/x-ndjson', rows.map((r) => JSON.stringify(r)).join('\n')],
      ['t.parquet', 'application/vnd.apache.parquet', Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1, null, 3, null, null], type: 'INT32' }] }))],
    ] as const) {
      const { summary, records } = await ingest(name, type, content);
      expect(summary.rows, name).toBe(5);
      expect(records.map((r) => own(r, 'a')), name).toEqual([1, null, 3, null, null]);
    }
    // Spooled JSON Lines: a row before any key, and blank lines inside a quoted value, which are text.
    const text = ['{}', '{"a":"x\\n\\ny"}', '{"a":null}', '{"a":"z"}'].join('\n');
    const { records } = await ingest('t.jsonl', 'application/x-ndjson', text);
    expect(records.map((r) => own(r, 'a'))).toEqual([null, 'x\n\ny', null, 'z']);
  });

  it('keeps a one-column file whose values hold semicolons as one column (the dialect is known, not sniffed)', async () => {
    const { summary } = await ingest('t.json', 'application/json', JSON.stringify([{ v: 'a;b;c' }, { v: 'd;e;f' }, { v: 'g;h;i' }]));
    expect(summary.columns.map((c) => c.name)).toEqual(['v']);
    expect(summary.dialect).toMatchObject({ delimiter: ',', header: true });
  });

  it.each([
    ['a number', '42', /JSON is a number; expected an array of objects/],
    ['an object', '{"a":1}', /JSON is an object; expected an array of objects/],
    ['an array of arrays', '[[1,2],[3,4]]', /Element \[0\] of the JSON array is an array/],
    ['an array with a null', '[{"a":1},null]', /Element \[1\] of the JSON array is null/],
    ['broken JSON', '[{"a":1},', /not valid JSON/],
    ['two objects (JSON Lines sent as JSON)', '{"a":1}\n{"a":2}\n', /upload it as JSON Lines/],
  ])('%s → 422', async (_name, text, detail) => {
    const e = await problem(ingest('t.json', 'application/json', text));
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(detail);
  });

  it('an empty array → 422 empty; objects without keys → 422 no columns', async () => {
    const e = await problem(ingest('t.json', 'application/json', '[]'));
    expect(e.detail).toBe('The JSON array is empty: it has no rows.');
    const keyless = await problem(ingest('t.json', 'application/json', '[{},{}]'));
    expect(keyless.detail).toBe("The JSON array's 2 objects have no keys, so the file has no columns.");
  });
});

describe('JSON Lines', () => {
  it('streams line by line: CRLF, blank lines, a BOM, unicode split across chunks, keys appearing late', async () => {
    const text = '\uFEFF{"a":1,"s":"日本語"}\r\n\r\n{"a":2,"late":"x"}\n{"s":"ü"}';
    expect(await csvOf('x.jsonl', 'application/x-ndjson', text)).toBe('a,s,late\n1,日本語,\n2,,x\n,ü,\n');
    const { records } = await ingest('x.jsonl', 'application/x-ndjson', text);
    expect(records).toEqual([
      { a: 1, s: '日本語', late: null },
      { a: 2, s: null, late: 'x' },
      { a: null, s: 'ü', late: null },
    ]);
  });

  it('a bad line → 422 naming its line', async () => {
    const e = await problem(ingest('x.ndjson', 'application/octet-stream', '{"a":1}\n{"a":2}\n\n{"a":3,}\n{"a":4}\n'));
    expect(e.status).toBe(422);
    expect(e.extensions.line).toBe(4);
    expect(e.detail).toMatch(/^Line 4 is not valid JSON/);
  });

  // The one parse spools CSV under the keys known so far; later opens pad the early, shorter records.
  describe('spooled CSV is the conversion, byte for byte', () => {
    const streamOf = (text: string) => blobsOf(Buffer.from(text)).getStream();
    const text = (s: Readable) => s.toArray().then((parts) => Buffer.concat(parts as Buffer[]).toString('utf8'));
    // The old conversion, row by row: the oracle.
    const reference = (rows: Record<string, unknown>[]) => {
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      return keys.length ? csvRecord(keys) + rows.map((r) => csvRecord(keys.map((k) => cellText(own(r, k))))).join('') : '';
    };
    const viaSpool = async (jsonl: string) => {
      const pass = await spoolJsonLines(await streamOf(jsonl), 1024 ** 3);
      try {
        expect(pass.csv).toBeDefined();
        return await text(pass.csv!.open());
      } finally {
        await pass.csv?.dispose();
      }
    };
    const viaConversion = async (jsonl: string) => {
      const pass = await spoolJsonLines(await streamOf(jsonl), 0); // over the limit: given up
      expect(pass.csv).toBeUndefined();
      expect(pass.keys).toEqual((await spoolJsonLines(await streamOf(jsonl), 1024 ** 3)).keys);
      return text(jsonLinesCsv(await streamOf(jsonl), pass.keys));
    };

    it('rows with no keys first, keys appearing late, missing keys, nested values, quotes and newlines in padded rows', async () => {
      const lines = ['{}', '{"a":"x\\n\\"y\\"","n":{"k":[1,"a,b"]}}', '{"n":null,"b":true}', '{"a":"","c":1.5,"__proto__":"p"}', '{}', '{"d":"last\\r\\n,"}'];
      const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const jsonl = lines.join('\n');
      const want = reference(rows);
      expect(want.split('\n')[0]).toBe('a,n,b,c,__proto__,d');
      expect(await viaSpool(jsonl)).toBe(want);
      expect(await viaConversion(jsonl)).toBe(want);
      expect(await csvOf('x.jsonl', 'application/x-ndjson', jsonl)).toBe(want);
    });

    it('a spool of many read chunks, quoted cells straddling them, a key appearing near the end', async () => {
      const rows: Record<string, unknown>[] = Array.from({ length: 12_000 }, (_, i) => ({
        id: i,
        s: i % 3 ? `v${i}` : `"q${i}"\n,${'é'.repeat(i % 17)}`,
        ...(i % 5 ? { x: i / 7 } : {}),
        ...(i > 11_990 ? { late: { i } } : {}),
      }));
      const jsonl = rows.map((r) => JSON.stringify(r)).join('\r\n');
      const want = reference(rows);
      expect(want.length).toBeGreaterThan(3 * 64 * 1024);
      expect(await viaSpool(jsonl)).toBe(want);
      expect(await viaConversion(jsonl)).toBe(want);
    });

    it('only blank lines and empty objects: no columns, no CSV', async () => {
      expect(await viaSpool('\n{}\n\n{}')).toBe('');
      expect(await viaConversion('\n{}\n\n{}')).toBe('');
    });
  });

  it('numbers lines as readline does, whatever the line endings and chunking', async () => {
    let seed = 1;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    for (let trial = 0; trial < 200; trial++) {
      const endings = ['\n', '\r\n', '\r', '\n\n', '\r\r\n'];
      const lines = Array.from({ length: 1 + rnd(12) }, (_, i) => (rnd(4) ? `{"i":${i},"s":"ü"}` : rnd(2) ? ' ' : ''));
      lines.splice(rnd(lines.length + 1), 0, '{"bad":}');
      const body = Buffer.from(lines.map((l) => l + endings[rnd(endings.length)]).join(''));
      const cuts = [0, ...Array.from({ length: rnd(6) }, () => rnd(body.length)).sort((a, b) => a - b), body.length];
      const chunks = () => Readable.from(cuts.slice(1).map((c, i) => body.subarray(cuts[i], c)));
      let want = 0;
      for await (const line of createInterface({ input: chunks(), crlfDelay: Infinity })) {
        want++;
        if (line === '{"bad":}') break;
      }
      expect((await problem(spoolJsonLines(chunks(), 1024 ** 2))).extensions.line, JSON.stringify(body.toString())).toBe(want);
      expect((await problem(spoolJsonLines(chunks(), 0))).extensions.line).toBe(want);
    }
  });

  it('more than 4096 distinct keys → 422', async () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}`, i])));
    const wider = JSON.stringify(Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`z${i}`, i])));
    const e = await problem(ingest('x.jsonl', 'application/x-ndjson', `${wide}\n${wider}\n`));
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(/more than 4096 distinct keys/);
  });

  it('a line that is not an object → 422 naming its line', async () => {
    const e = await problem(ingest('x.jsonl', 'application/jsonl', '{"a":1}\n[1,2]\n'));
    expect(e.extensions.line).toBe(2);
    expect(e.detail).toMatch(/Line 2 is an array; JSON Lines needs one object per line/);
  });
});

describe('Parquet', () => {
  const t = (s: string) => new Date(s);
  const parquet = (rowGroupSize?: number) =>
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'i', data: [1, 2, null, 4], type: 'INT32' },
          { name: 'big', data: [10n, 20n, 30n, null], type: 'INT64' },
          { name: 'x', data: [1.5, null, -2.25, 1e3], type: 'DOUBLE' },
          { name: 's', data: ['a', 'b, "c"', null, 'ü'], type: 'STRING' },
          { name: 'b', data: [true, false, null, true], type: 'BOOLEAN' },
          { name: 'ts', data: [t('2024-01-02T03:04:05Z'), null, t('2024-12-31T23:59:59Z'), t('2000-01-01T00:00:00Z')], type: 'TIMESTAMP' },
        ],
        ...(rowGroupSize ? { rowGroupSize } : {}),
      }),
    );

  it('writes column names, RFC 4180 cells and ISO datetimes', async () => {
    expect(await csvOf('x.parquet', 'application/vnd.apache.parquet', parquet())).toBe(
      'i,big,x,s,b,ts\n' +
        '1,10,1.5,a,true,2024-01-02 03:04:05\n' +
        '2,20,,"b, ""c""",false,\n' +
        ',30,-2.25,,,2024-12-31 23:59:59\n' +
        '4,,1000,ü,true,2000-01-01 00:00:00\n',
    );
  });

  it('round-trips types and values, row group by row group', async () => {
    const { types, records, summary } = await ingest('x.parquet', 'application/octet-stream', parquet(1));
    expect(summary.rows).toBe(4);
    expect(types).toMatchObject({ i: 'integer', big: 'integer', x: 'float', b: 'boolean', ts: 'datetime' });
    expect(summary.columns.find((c) => c.name === 'ts')?.format).toBe('YYYY-MM-DD HH:mm:ss');
    expect(records[0]).toEqual({ i: 1, big: 10, x: 1.5, s: 'a', b: true, ts: '2024-01-02 03:04:05' });
    expect(records[2]).toEqual({ i: null, big: 30, x: -2.25, s: null, b: null, ts: '2024-12-31 23:59:59' });
  });

  it('DATE columns as YYYY-MM-DD', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'd', data: [t('2024-01-02'), t('2024-03-04'), null] }],
        schema: [
          { name: 'root', num_children: 1 },
          { name: 'd', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
        ],
      }),
    );
    // The null of a one-column file is `""`: an empty line would be skipped as blank.
    expect(await csvOf('d.parquet', 'application/x-parquet', bytes)).toBe('d\n2024-01-02\n2024-03-04\n""\n');
  });

  it('reads compressed files: GZIP as well as Snappy', async () => {
    const gzip = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'n', data: [1, 2, 3], type: 'INT32' }],
        codec: 'GZIP',
        compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
      }),
    );
    expect(await csvOf('z.parquet', 'application/vnd.apache.parquet', gzip)).toBe('n\n1\n2\n3\n');
  });

  it('a file that is not Parquet → 422', async () => {
    const e = await problem(ingest('x.parquet', 'application/vnd.apache.parquet', 'a,b\n1,2\n'));
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(/Parquet file could not be read/);
  });
});
