/**
 * The privacy schema's descriptions quote the code's thresholds (near-real share cuts, Fisher alpha,
 * the distinct-value count above which a sensitive column is binned). They are interpolated from the
 * constants: with the constants moved (mocked here), the OpenAPI document must follow, which a literal
 * in a description would not. Module mocks: it lives under tests/api, whose files that mock run isolated
 * (vitest.config.ts); the unit folders share one module graph per worker, where the mocks came too late.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../core/validation/near-real.js', async (original) => ({ ...(await original<object>()), NEAR_SAFE: 0.0417, NEAR_REVIEW: 0.1234 }));
vi.mock('../../core/validation/copy-baseline.js', async (original) => ({ ...(await original<object>()), COPY_ALPHA: 0.0073 }));
vi.mock('../../core/validation/sensitive-bins.js', async (original) => ({ ...(await original<object>()), MAX_EXACT: 37 }));

const { openApiDocument } = await import('../../core/api/openapi.js');
const { routes } = await import('../../core/api/routes.js');

/** Every description in the document, so a failure names the few that matter rather than the whole document. */
const descriptions: string[] = [];
JSON.stringify(openApiDocument(routes, { title: 't', version: '0', description: 'd' }), (key, value: unknown) => {
  if (key === 'description' && typeof value === 'string') descriptions.push(value);
  return value;
});
const quoting = (needle: RegExp) => [...new Set(descriptions.filter((d) => needle.test(d)))];

describe('privacy descriptions follow the threshold constants', () => {
  it("DCR's description quotes NEAR_SAFE, COPY_ALPHA and NEAR_REVIEW", () => {
    const dcr = quoting(/safe at share/);
    expect(dcr.length).toBeGreaterThan(0);
    for (const d of dcr) expect(d).toContain('safe at share ≤ 0.0417, beyond it safe unless above baseline_share at p < 0.0073, then review ≤ 0.1234');
  });

  it('the sensitive-column descriptions quote MAX_EXACT', () => {
    const quoted = quoting(/deciles/);
    expect(quoted.some((d) => d.includes('A numeric one of more than 37 distinct values'))).toBe(true);
    expect(quoted.some((d) => d.includes('column of more than 37 distinct real values'))).toBe(true);
    expect(quoted.filter((d) => /more than 10 distinct/.test(d))).toEqual([]);
  });
});
