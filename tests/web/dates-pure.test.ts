/**
 * Date conditions as the web app writes them (web/src/dates.ts): the API keeps them as epoch ms, and
 * the page wrote "d = 1709596800000". Each is checked against the API's own formatter, so the text
 * shown (and prefilled to sample again) reads back as a condition in the column's format.
 */
import { describe, expect, it } from 'vitest';
import { conditionsInput, dateText, shownConditions } from '../../web/src/dates.js';
import { DATETIME_FORMAT_NAMES } from '../../web/src/api.js';
import { DATETIME_FORMATS, formatDatetime, parseDatetime } from '../../core/table/datetime.js';

const MARCH_5 = Date.UTC(2024, 2, 5);
const columns = [
  { name: 'date', type: 'datetime' as const, format: 'YYYY-MM-DD' },
  { name: 'weather', type: 'categorical' as const },
  { name: 'temp_max', type: 'float' as const },
];

describe('date conditions', () => {
  it('shows a date condition as its column writes dates, not epoch milliseconds', () => {
    expect(shownConditions({ date: MARCH_5, weather: 'rain', temp_max: 12.5, x: null }, columns)).toEqual({ date: '2024-03-05', weather: 'rain', temp_max: 12.5, x: null });
    expect(conditionsInput({ date: MARCH_5, weather: 'rain', x: null }, columns)).toBe('date=2024-03-05, weather=rain');
  });

  it('writes every format the API knows as the API does, at the column offset, and it reads back', () => {
    const ms = Date.UTC(2024, 2, 5, 14, 7, 9, 120);
    for (const name of DATETIME_FORMAT_NAMES) {
      const format = DATETIME_FORMATS.find((f) => f.name === name)!;
      for (const utc_offset of [undefined, 'Z', '+02:00', '-05:30']) {
        const text = dateText(ms, { format: name, utc_offset });
        expect(text, `${name} ${utc_offset}`).toBe(formatDatetime(format, ms, utc_offset));
        expect(Number.isFinite(parseDatetime(format, text)), `${name}: ${text}`).toBe(true);
      }
    }
  });

  it('falls back to ISO 8601: the date alone for a midnight UTC without a time in the format, else the instant at the offset', () => {
    expect(dateText(MARCH_5, {})).toBe('2024-03-05');
    expect(dateText(MARCH_5, { format: 'QQQ' })).toBe('2024-03-05');
    expect(dateText(MARCH_5, { format: 'unknown HH:mm' })).toBe('2024-03-05T00:00:00Z');
    expect(dateText(MARCH_5, { utc_offset: '+02:00' })).toBe('2024-03-05T02:00:00+02:00');
    expect(dateText(MARCH_5 + 1500, {})).toBe('2024-03-05T00:00:01.500Z');
  });
});
