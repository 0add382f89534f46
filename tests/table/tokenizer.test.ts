/**
 * The byte tokenizer against the string tokenizer ingest used before it read bytes (kept here as
 * the reference): the same records, fields and start lines, the same error line, for any text and
 * any way of cutting it into chunks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvTokenizer } from '../../core/table/tokenizer.js';
import { ProblemError } from '../../core/errors.js';

interface Tokenized {
  records: { line: number; fields: string[] }[];
  errorLine?: number;
}

/** Runs the byte tokenizer over `text` (Latin-1, so one byte per character) cut at `cuts`. */
function tokenize(text: string, cuts: number[] = [], delimiter = ','): Tokenized {
  const bytes = Buffer.from(text, 'latin1');
  const bounds = [...new Set([0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length])].sort((a, b) => a - b);
  const records: Tokenized['records'] = [];
  const tokenizer = new CsvTokenizer(delimiter, '"');
  const sink = (batch: Parameters<Parameters<CsvTokenizer['push']>[1]>[0]) => {
    for (let r = 0; r < batch.rows; r++) records.push({ line: batch.lines[r]!, fields: batch.strings(r, (b, s, e) => b.toString('latin1', s, e)) });
  };
  try {
    for (let i = 0; i + 1 < bounds.length; i++) tokenizer.push(bytes.subarray(bounds[i], bounds[i + 1]), sink);
    tokenizer.end(sink);
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    return { records, errorLine: e.extensions.line as number };
  }
  return { records };
}

/**
 * The string tokenizer ingest used before (core/table/tokenizer.ts until it read bytes), on the whole
 * text at once — since taught that a line of just "" is a record (a one-column file's missing value).
 */
function reference(text: string, delimiter = ','): Tokenized {
  const d = delimiter.charCodeAt(0);
  const q = 34;
  const records: Tokenized['records'] = [];
  const n = text.length;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let quoted = false;
  let i = 0;
  while (i < n) {
    quoted = text.charCodeAt(i) === q;
    if (quoted) {
      const quoteLine = line;
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const next = text.indexOf('"', j);
        if (next < 0) return { records, errorLine: quoteLine };
        if (next + 1 < n && text.charCodeAt(next + 1) === q) {
          value += text.slice(from, next + 1);
          j = from = next + 2;
          continue;
        }
        value += text.slice(from, next);
        for (let k = i; k < next; k++) if (text.charCodeAt(k) === 10 || (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) !== 10)) line++;
        i = next + 1;
        break;
      }
      let end = i;
      while (end < n && ![d, 10, 13].includes(text.charCodeAt(end))) end++;
      fields.push(value + text.slice(i, end));
      i = end;
    } else {
      let end = i;
      while (end < n && ![d, 10, 13].includes(text.charCodeAt(end))) end++;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i < n && text.charCodeAt(i) === d) {
      i++;
      if (i >= n) fields.push('');
      else continue;
    }
    if (i < n) {
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
    }
    // A blank line is no record; a line of just "" is one empty field.
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) records.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
  }
  return { records };
}

describe('CSV tokenizer on bytes', () => {
  it.each([
    ['plain', 'a,b\n1,2\n'],
    ['no final newline', 'a,b\n1,2'],
    ['CRLF and lone CR', 'a,b\r\n1,2\r3,4\n'],
    ['blank lines skipped, counted', 'a\n\n\nb\r\n\r\nc\n'],
    ['empty fields and a trailing delimiter', ',\n,,\na,\n'],
    ['quoted delimiter, newline, quotes', '"a,b","line1\nline2","say ""hi"""\nnext,row,here\n'],
    ['CRLF inside quotes', '"x\r\ny",1\nz,2\n'],
    ['text after the closing quote, quote inside an unquoted field', '"ab"cd,e"f\n'],
    ['a line of just "" is one empty field, not a blank line', '""\nx\n'],
    ['unclosed quote', 'a,b\n1,"2\n3,4\n'],
    ['unclosed quote after multi-line field', '"a\nb",c\n"d\n'],
  ])('%s', (_name, text) => {
    const expected = reference(text);
    expect(tokenize(text)).toEqual(expected);
    // Every single cut point gives the same records.
    for (let cut = 1; cut < text.length; cut++) expect(tokenize(text, [cut]), `cut at ${cut}`).toEqual(expected);
  });

  it('matches the reference for any text cut anywhere', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r', 'é'), maxLength: 80 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(80), { maxLength: 6 }), fc.constantFrom(',', ';'), (t, cuts, delimiter) => {
        expect(tokenize(t, cuts, delimiter)).toEqual(reference(t, delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it('hands over records in batches of one width, in order, with their lines', () => {
    const rows = Array.from({ length: 10_000 }, (_, r) => (r === 5000 ? 'a,b,c' : r === 7000 ? '"x ""y""",2' : `${r},v${r}`));
    const text = rows.join('\n') + '\n';
    const widths: number[] = [];
    const seen: string[] = [];
    const tokenizer = new CsvTokenizer(',', '"');
    const bytes = Buffer.from(text);
    const sink = (batch: Parameters<Parameters<CsvTokenizer['push']>[1]>[0]) => {
      expect(batch.rows).toBeLessThanOrEqual(4096);
      widths.push(batch.width);
      for (let r = 0; r < batch.rows; r++) seen.push(`${batch.lines[r]}:${batch.strings(r, (b, s, e) => b.toString('utf8', s, e)).join('|')}`);
    };
    for (let at = 0; at < bytes.length; at += 65_536) tokenizer.push(bytes.subarray(at, at + 65_536), sink);
    tokenizer.end(sink);
    expect(seen).toEqual(reference(text).records.map((r) => `${r.line}:${r.fields.join('|')}`));
    expect(widths).toContain(3);
  });
});
