/** The Parquet export's cache key (core/generation/download.ts): a new writer format is a new key, under the file's prefix. */
import { describe, expect, it } from 'vitest';
import { PARQUET_EXPORT_VERSION, parquetExportKey } from '../../core/generation/download.js';
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
