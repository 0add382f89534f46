/** `__proto__` keys a body's parse dropped are named; those it kept (a column so called) pass. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { droppedProtoKeys } from '../../functions/lib/dropped-keys.js';
import { columnRecord } from '../../core/records.js';

describe('droppedProtoKeys', () => {
  it('names a __proto__ key a record dropped, at any depth', () => {
    const json: unknown = JSON.parse('{"params":{"__proto__":{"a":1}},"list":[{"x":{"__proto__":2}}]}');
    const schema = z.object({ params: z.record(z.string(), z.unknown()), list: z.array(z.object({ x: z.record(z.string(), z.number()) })) });
    expect(droppedProtoKeys(json, schema.parse(json))).toEqual(['params.__proto__', 'list.0.x.__proto__']);
  });
  it('passes a __proto__ key the parse kept as data', () => {
    const json: unknown = JSON.parse('{"conditions":{"__proto__":"a"}}');
    const schema = z.object({ conditions: columnRecord(z.string()) });
    expect(droppedProtoKeys(json, schema.parse(json))).toEqual([]);
  });
});
