/**
 * A streaming RFC 4180 tokenizer that knows the physical line every record starts on. It exists
 * because ingest must report the line of a bad row and stream at disk speed; csv-parse gives line
 * numbers only through its `info` mode, at a fifth of the speed needed (see bench/ingest.ts).
 *
 * Lenient where files in the wild are: a quote inside an unquoted field is a literal character,
 * text after a closing quote is kept, CRLF, LF and lone CR all end a line, blank lines are skipped.
 */
import { unprocessable } from '../errors.js';

export type RecordSink = (fields: string[], line: number) => void;

const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private carry = '';
  /** Physical line where `carry` starts. */
  private carryLine = 1;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
  ) {}

  /** Tokenizes every complete record of carry + chunk; keeps the incomplete tail for the next call. */
  push(chunk: string, sink: RecordSink): void {
    const text = this.carry + chunk;
    const consumed = this.scan(text, this.carryLine, sink, false);
    this.carry = text.slice(consumed.offset);
    this.carryLine = consumed.line;
  }

  end(sink: RecordSink): void {
    if (this.carry.length) this.scan(this.carry, this.carryLine, sink, true);
    this.carry = '';
  }

  private scan(text: string, startLine: number, sink: RecordSink, final: boolean): { offset: number; line: number } {
    const d = this.delimiter.charCodeAt(0);
    const q = this.quote.charCodeAt(0);
    const n = text.length;
    let line = startLine;
    let recordStart = 0;
    let recordLine = line;
    let fields: string[] = [];
    let i = 0;
    while (i < n) {
      // At the start of a field.
      let c = text.charCodeAt(i);
      if (c === q) {
        const quoteLine = line;
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const next = text.indexOf(this.quote, j);
          if (next < 0) {
            if (!final) return { offset: recordStart, line: recordLine };
            throw unprocessable('The file is not valid CSV: a quoted field is never closed.', { line: quoteLine });
          }
          if (next + 1 < n && text.charCodeAt(next + 1) === q) {
            value += text.slice(from, next + 1);
            j = from = next + 2;
            continue;
          }
          if (next + 1 >= n && !final) return { offset: recordStart, line: recordLine };
          value += text.slice(from, next);
          for (let k = i; k < next; k++) if (text.charCodeAt(k) === LF || (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) !== LF)) line++;
          i = next + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept, as written.
        let end = i;
        while (end < n) {
          const e = text.charCodeAt(end);
          if (e === d || e === LF || e === CR) break;
          end++;
        }
        if (end >= n && !final) return { offset: recordStart, line: recordLine };
        fields.push(end > i ? value + text.slice(i, end) : value);
        i = end;
      } else {
        let end = i;
        while (end < n) {
          c = text.charCodeAt(end);
          if (c === d || c === LF || c === CR) break;
          end++;
        }
        if (end >= n && !final) return { offset: recordStart, line: recordLine };
        fields.push(text.slice(i, end));
        i = end;
      }
      // After a field: a delimiter, a line end, or the end of the text.
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        if (i >= n) {
          if (!final) return { offset: recordStart, line: recordLine };
          fields.push('');
        } else continue;
      }
      if (i < n) {
        if (text.charCodeAt(i) === CR) {
          if (i + 1 >= n && !final) return { offset: recordStart, line: recordLine };
          i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else i++;
        line++;
      }
      if (!(fields.length === 1 && fields[0] === '')) sink(fields, recordLine);
      fields = [];
      recordStart = i;
      recordLine = line;
    }
    return { offset: n, line };
  }
}
