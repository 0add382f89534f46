import { describe, expect, it } from 'vitest';
import { editsFromSdv, fromStrftime, toSdvMetadata, toStrftime } from '../../core/schema/sdv.js';
import { DATETIME_FORMATS } from '../../core/table/datetime.js';
import type { ColumnInfo } from '../../core/files/model.js';

describe('datetime formats in SDV metadata (strftime)', () => {
  it('writes each token as its strftime directive, unpadded parts and offsets included', () => {
    expect(toStrftime('YYYY-MM-DD HH:mm:ss')).toBe('%Y-%m-%d %H:%M:%S');
    expect(toStrftime('DD.MM.YYYY HH:mm')).toBe('%d.%m.%Y %H:%M');
    expect(toStrftime('M/D/YYYY H:mm')).toBe('%-m/%-d/%Y %-H:%M');
    expect(toStrftime('YYYY-MM-DDTHH:mm:ss.SSSxxx')).toBe('%Y-%m-%dT%H:%M:%S.%f%z');
    expect(toStrftime('YYYY-MM-DDTHH:mm:ssZ')).toBe('%Y-%m-%dT%H:%M:%SZ');
  });

  it('reads back to one of our formats, or to none', () => {
    expect(fromStrftime('%d/%m/%Y')).toBe('DD/MM/YYYY');
    expect(fromStrftime('%-m/%-d/%Y')).toBe('M/D/YYYY');
    expect(fromStrftime('%Y week %W')).toBeUndefined();
    // Shared forms read as Python writes them: %f six digits, %z as +0200.
    expect(fromStrftime('%Y-%m-%d %H:%M:%S.%f')).toBe('YYYY-MM-DD HH:mm:ss.SSSSSS');
    expect(fromStrftime('%Y-%m-%dT%H:%M:%S%z')).toBe('YYYY-MM-DDTHH:mm:ssxx');
    for (const { name } of DATETIME_FORMATS) {
      if (name.startsWith('epoch')) continue;
      const back = fromStrftime(toStrftime(name));
      expect(back, name).toBeDefined();
      expect(toStrftime(back!)).toBe(toStrftime(name));
    }
  });

  it("round-trips every format of ours through SDV metadata to the column's own format", () => {
    for (const { name } of DATETIME_FORMATS) {
      if (name.startsWith('epoch')) continue;
      const columns: ColumnInfo[] = [{ name: 'at', type: 'datetime', format: name, missing: 0 }];
      expect(editsFromSdv(toSdvMetadata(columns), columns), name).toEqual([{ name: 'at', type: 'datetime', format: name }]);
    }
  });
});
