/**
 * A binary file is refused in plain words — it is not text — and without a line number: a binary
 * file has no lines, and the newline byte a NUL followed named one that meant nothing.
 */
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../core/errors.js';
import { assertText } from '../../core/table/sniff.js';

function refusal(bytes: Uint8Array): ProblemError {
  try {
    assertText(bytes);
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('assertText accepted the bytes');
}

describe('assertText', () => {
  it('refuses NUL bytes as not text, naming no line', () => {
    // Some lines of text, then a NUL: the old refusal said "line 3".
    const bytes = new Uint8Array([...Buffer.from('a,b\n1,2\n'), 0, 1, 2, 3]);
    const e = refusal(bytes);
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(/^The file is not text: it looks like a binary file/);
    expect(e.detail).not.toMatch(/\bline\b/i);
    expect(e.extensions).not.toHaveProperty('line');
  });

  it('refuses mostly control characters the same way, naming no line', () => {
    const e = refusal(new Uint8Array(200).map((_, i) => (i % 2 ? 0x01 : 0x41)));
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(/not text/);
    expect(e.extensions).not.toHaveProperty('line');
  });

  it('accepts text', () => {
    expect(() => assertText(Buffer.from('a,b\n1,2\n'))).not.toThrow();
  });
});
