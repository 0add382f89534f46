/**
 * Texts users read (the privacy reply's thresholds and notes, the OpenAPI document) never name a
 * source file: "(disclosure.ts piiVerbatim)" tells a reader nothing and leaks the code's layout.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../core/api/openapi.js';
import { routes } from '../../core/api/routes.js';
import type { Table } from '../../core/table/model.js';
import { privacyReport } from '../../core/validation/privacy.js';

/** Every `name.ts` (or .js/.tsx) in the text, with a little context. */
function sourceNames(text: string): string[] {
  return [...text.matchAll(/.{0,40}\b[\w-]+\.(ts|tsx|js)\b.{0,20}/g)].map((m) => m[0]);
}

const n = 40;
const table = (offset: number): Table => ({
  rowCount: n,
  columns: [
    { type: 'text', name: 'email', values: Array.from({ length: n }, (_, i) => `p${i + offset}@example.org`) },
    { type: 'categorical', name: 'city', categories: ['a', 'b'], codes: Int32Array.from({ length: n }, (_, i) => i % 2) },
    { type: 'categorical', name: 'grade', categories: ['x', 'y', 'z'], codes: Int32Array.from({ length: n }, (_, i) => i % 3) },
    { type: 'float', name: 'score', values: Float64Array.from({ length: n }, (_, i) => (i * 7 + offset) % 13) },
  ],
});

describe('no source file names in texts users read', () => {
  it('the privacy reply (distances, holdout, PII, k-anonymity, CAP)', () => {
    const reply = privacyReport(table(0), table(5), table(100), 1, { piiColumns: ['email'], quasiIdentifiers: ['city'], sensitive: ['grade'] });
    expect(sourceNames(JSON.stringify(reply))).toEqual([]);
  });

  it('the OpenAPI document', () => {
    const doc = openApiDocument(routes, { title: 'tabmimic API', version: '0', description: 'test' });
    expect(sourceNames(JSON.stringify(doc))).toEqual([]);
  });
});
