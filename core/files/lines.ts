import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines exactly as node:readline (crlfDelay: Infinity) did before, so
 * line numbers in errors are unchanged: `\n`, `\r\n` or a lone `\r` ends a line, a `\r\n` split
 * across chunks is one ending, and a partial UTF-8 sequence at the very end is dropped. Whole
 * chunks at a time, without readline's per-line events and async iteration.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private sawReturn = false;

  push(chunk: Buffer | string, onLine: (text: string) => void): void {
    let s = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.sawReturn && s.charCodeAt(0) === 10) s = s.slice(1);
    this.sawReturn = s.endsWith('\r');
    let nl = s.indexOf('\n');
    let cr = s.indexOf('\r');
    if (nl < 0 && cr < 0) {
      this.rest += s; // only new text is searched: a line over many chunks stays linear
      return;
    }
    const offset = this.rest.length;
    s = this.rest + s;
    if (nl >= 0) nl += offset;
    if (cr >= 0) cr += offset;
    let start = 0;
    while (nl >= 0 || cr >= 0) {
      const atReturn = cr >= 0 && (nl < 0 || cr < nl);
      const end = atReturn ? cr : nl;
      onLine(s.slice(start, end));
      start = atReturn && s.charCodeAt(cr + 1) === 10 ? cr + 2 : end + 1;
      if (nl >= 0 && nl < start) nl = s.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = s.indexOf('\r', start);
    }
    this.rest = s.slice(start);
  }

  end(onLine: (text: string) => void): void {
    if (this.rest) onLine(this.rest);
    this.rest = '';
  }
}
