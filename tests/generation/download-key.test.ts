/** The exports' cache keys and the inline JSON reply's measure (core/generation/download.ts). */
import { describe, expect, it } from 'vitest';
import { PARQUET_EXPORT_VERSION, escapedBytes, parquetExportKey } from '../../core/generation/download.js';
import { Rng } from '../../core/random.js';
import { fileKeys } from '../../core/files/model.js';

describe('parquetExportKey', () => {
  const key = parquetExportKey('f_1', '2026-11-27T18:52:11.123Z');
  it('names the writer format, so an export cached by an older writer is not served', () => {
    expect(key).toBe(`files/f_1/derived/export-v${PARQUET_EXPORT_VERSION}-20261127185211123.parquet`);
    // The key before format versions: never matched again.
    expect(key).not.toBe(fileKeys.derived('f_1', 'export-20261127185211123.parquet'));
  });
  it('lies under the file’s prefix, which deleting the file sweeps (old exports too)', () => {
    expect(key.startsWith(fileKeys.prefix('f_1'))).toBe(true);
    expect(fileKeys.derived('f_1', 'export-20261127185211123.parquet').startsWith(fileKeys.prefix('f_1'))).toBe(true);
  });
});

describe('escapedBytes', () => {
  // Characters that JSON escapes, that a reply's envelope escapes again, and ones that take several UTF-8 bytes.
  const alphabet = ['a', '"', '\\', '\n', '\t', '\u0000', '\u001f', 'é', '€', '😀', '\ud800', '\udfff', ' ', '/', '<'];
  it('is the byte length of the JSON text held as a JSON string, without building it', () => {
    const rng = Rng.seeded(7);
    for (let n = 0; n < 300; n++) {
      const cell = () => Array.from({ length: rng.int(0, 12) }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('');
      const records = Array.from({ length: rng.int(0, 4) }, () => ({ [cell()]: cell(), n: rng.int(-5, 5), x: null }));
      const json = JSON.stringify(records);
      expect(escapedBytes(json)).toBe(Buffer.byteLength(JSON.stringify(json)));
    }
  });
});
