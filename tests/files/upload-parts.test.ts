/** checkParts: a multipart upload judged by the parts the store reports, before it is assembled. */
import { describe, expect, it } from 'vitest';
import { checkParts, partRanges } from '../../core/files/upload.js';

const part = (partNumber: number, size: number, etag = `"e${partNumber}"`) => ({ partNumber, etag, size });
const ticket = { parts: 3, size: 25 };
const all = [part(1, 10), part(2, 10), part(3, 5)];

describe('checkParts', () => {
  it('passes every part of the ticket at the declared size, with or without the client’s ETags (quoted or not)', () => {
    expect(checkParts(ticket, all, undefined)).toBeUndefined();
    expect(checkParts(ticket, all, [])).toBeUndefined();
    expect(checkParts(ticket, all, [{ part_number: 1, etag: 'e1' }, { part_number: 3, etag: '"e3"' }])).toBeUndefined();
  });

  it('names the parts never uploaded, whatever the client lists', () => {
    const p = checkParts(ticket, [part(2, 10)], [{ part_number: 1, etag: '"nope"' }]);
    expect(p).toMatchObject({ status: 409, extensions: { missing_parts: [1, 3] } });
    expect(p?.detail).toMatch(/^Parts 1, 3 of 3 were never uploaded: upload every part first/);
    expect(checkParts(ticket, [], undefined)?.detail).toMatch(/^Parts 1–3 of 3/);
    expect(checkParts(ticket, all.slice(0, 2), undefined)?.detail).toMatch(/^Part 3 of 3 was never uploaded/);
  });

  it('names the parts whose ETag is not the store’s, or that are not in the ticket', () => {
    const p = checkParts(ticket, all, [{ part_number: 2, etag: '"x"' }, { part_number: 7, etag: '"e7"' }]);
    expect(p).toMatchObject({ status: 409, extensions: { mismatched_parts: [2, 7] } });
  });

  it('refuses parts that add up to more or less than declared', () => {
    expect(checkParts(ticket, [part(1, 10), part(2, 10), part(3, 6)], undefined)).toMatchObject({
      status: 409,
      extensions: { declared_size: 25, received_size: 26 },
    });
    expect(checkParts(ticket, [part(1, 10), part(2, 9), part(3, 5)], undefined)?.detail).toMatch(/declared as 25 bytes but 24 arrived/);
    // A part beyond the ticket is not assembled, so it does not count.
    expect(checkParts(ticket, [...all, part(4, 100)], undefined)).toBeUndefined();
  });
});

it('partRanges writes runs as ranges', () => {
  expect(partRanges([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8');
  expect(partRanges([4])).toBe('4');
  expect(partRanges([])).toBe('');
});
