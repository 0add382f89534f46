/**
 * UTF-16 files (as Excel's "Unicode text" and PowerShell write them) are recognised by their
 * byte-order mark and transcoded to UTF-8 as they stream, so everything after (the sniffer, the
 * byte-level readers) sees UTF-8. Without a BOM UTF-16 cannot be told reliably: such a file is
 * refused as binary (its NUL bytes), and the message says to save it as UTF-8.
 */
import { Readable } from 'node:stream';

export type Utf16 = 'utf-16le' | 'utf-16be';

/** The UTF-16 its first bytes announce, if any. */
export function utf16Bom(head: Uint8Array): Utf16 | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * An opener whose streams are UTF-8: a UTF-16 file's bytes transcoded (its BOM dropped), any other
 * file's passed through as they are. `found` tells, once a stream has started, which it was.
 */
export function utf8Opener(open: () => Promise<Readable>): { open: () => Promise<Readable>; found: () => Utf16 | undefined } {
  let found: Utf16 | undefined;
  return {
    found: () => found,
    open: async () => {
      const source = await open();
      return Readable.from(transcoded(source, (kind) => (found = kind)));
    },
  };
}

async function* transcoded(source: Readable, onKind: (kind: Utf16 | undefined) => void): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  try {
    let head: Buffer = Buffer.alloc(0);
    while (head.length < 2) {
      const next = await chunks.next();
      if (next.done) break;
      head = head.length ? Buffer.concat([head, asBuffer(next.value)]) : asBuffer(next.value);
    }
    const kind = utf16Bom(head);
    onKind(kind);
    if (!kind) {
      if (head.length) yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield asBuffer(next.value);
      return;
    }
    const decoder = new TextDecoder(kind);
    yield Buffer.from(decoder.decode(head, { stream: true }), 'utf8');
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield Buffer.from(decoder.decode(asBuffer(next.value), { stream: true }), 'utf8');
    const rest = decoder.decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  } finally {
    source.destroy();
  }
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}
