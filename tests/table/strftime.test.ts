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

  it('writes 12-hour clocks as %I/%-I with %p, and month names as %b/%B', () => {
    expect(toStrftime('M/D/YYYY h:mm:ss A')).toBe('%-m/%-d/%Y %-I:%M:%S %p');
    expect(toStrftime('M/D/YYYY h:mm A')).toBe('%-m/%-d/%Y %-I:%M %p');
    expect(toStrftime('YYYY-MM-DD hh:mm:ss A')).toBe('%Y-%m-%d %I:%M:%S %p');
    expect(toStrftime('h:mm A')).toBe('%-I:%M %p');
    expect(toStrftime('MMM D YYYY')).toBe('%b %-d %Y');
    expect(toStrftime('MMM D, YYYY')).toBe('%b %-d, %Y');
    expect(toStrftime('DD-MMM-YYYY')).toBe('%d-%b-%Y');
    expect(toStrftime('MMMM D, YYYY')).toBe('%B %-d, %Y');
    expect(fromStrftime('%d-%b-%Y')).toBe('DD-MMM-YYYY');
    // Capitals (`05-JAN-2020`): the same form, as strptime reads a month name in any case; DD-MMM-YYYY stays its reading.
    expect(toStrftime('DD-MON-YYYY')).toBe('%d-%b-%Y');
    expect(fromStrftime('%Y-%m-%d %I:%M:%S %p')).toBe('YYYY-MM-DD hh:mm:ss A');
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
