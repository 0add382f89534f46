/** Text lengths count characters (code points), not UTF-16 code units, in memory and chunked. */
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../core/table/csv.js';
import { describe as describeTable } from '../../core/eda/describe.js';
import { chunkedDescribe } from '../../core/eda/chunked/describe.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { codePoints } from '../../core/table/code-points.js';

describe('text lengths', () => {
  it('codePoints counts a surrogate pair once, and a lone surrogate as one', () => {
    expect(codePoints('')).toBe(0);
    expect(codePoints('abc')).toBe(3);
    expect(codePoints('😀')).toBe(1);
    expect(codePoints('a😀b👍🏽')).toBe(5); // the skin tone is a code point of its own
    expect(codePoints('\udc00\ud83d')).toBe(2);
    expect(codePoints('héllo wörld')).toBe([...'héllo wörld'].length);
  });

  it('describe reports min, mean and max in code points', async () => {
    // Free text: long, all different, with emoji outside the Basic Multilingual Plane.
    const notes = Array.from({ length: 40 }, (_, i) => `note ${i} ${'😀'.repeat(i % 5)} about something quite different each time`);
    const { table } = await readCsvTable(new TextEncoder().encode('note\n' + notes.map((n) => `"${n}"`).join('\n') + '\n'));
    const lengths = notes.map((n) => [...n].length);
    const expected = { min: Math.min(...lengths), mean: lengths.reduce((a, b) => a + b) / lengths.length, max: Math.max(...lengths) };
    const exact = describeTable(table).columns[0] as { type: string; length?: typeof expected };
    expect(exact.type).toBe('text');
    expect(exact.length).toEqual(expected);
    const chunked = (await chunkedDescribe(tableChunks(table, 7))).columns[0] as { length?: typeof expected };
    expect(chunked.length!.min).toBe(expected.min);
    expect(chunked.length!.max).toBe(expected.max);
    expect(chunked.length!.mean).toBeCloseTo(expected.mean, 12);
  });
});
