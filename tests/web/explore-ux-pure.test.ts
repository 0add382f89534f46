/** The EDA sections' pure parts: a category chart's cut caption, the files Drift offers, and failed requests said in a sentence. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cutCaption, driftChoices } from '../../web/src/views/explore.js';
import { api, ApiError, type FileMeta } from '../../web/src/api.js';
import { statusSentence, UNREACHABLE } from '../../web/src/http-failure.js';

const file = (file_id: string, columns: [string, string][], status = 'ready'): FileMeta =>
  ({ file_id, filename: `${file_id}.csv`, status, created_at: '2026-01-01T00:00:00Z', lineage: { operation: 'upload' }, columns: columns.map(([name, type]) => ({ name, type })) }) as unknown as FileMeta;

describe('cutCaption', () => {
  it('says how many values there are when the chart shows only the most frequent', () => {
    expect(cutCaption(50, 311, 0)).toBe('The 50 most frequent of 311 values.');
    // Missing values are a bar of their own.
    expect(cutCaption(50, 50, 3)).toBe('The 50 most frequent of 51 values.');
  });
  it('says nothing when every value is drawn', () => {
    expect(cutCaption(12, 12, 0)).toBeUndefined();
    expect(cutCaption(13, 12, 4)).toBeUndefined();
    expect(cutCaption(50, undefined, 0)).toBeUndefined();
  });
});

describe('driftChoices', () => {
  const titanic = file('titanic', [['passenger', 'id'], ['survived', 'integer'], ['sex', 'categorical'], ['age', 'float'], ['class', 'categorical']]);
  it('offers files sharing half of the compared columns, lists those sharing fewer apart, and leaves out those sharing none', () => {
    const synthetic = file('synthetic', [['survived', 'integer'], ['sex', 'categorical']]);
    const penguins = file('penguins', [['species', 'categorical'], ['sex', 'categorical'], ['passenger', 'id']]);
    const cars = file('cars', [['mpg', 'float']]);
    const pending = file('pending', [['survived', 'integer'], ['sex', 'categorical'], ['age', 'float']], 'pending');
    const { alike, few } = driftChoices(titanic, [titanic, synthetic, penguins, cars, pending]);
    expect(alike.map((f) => f.file_id)).toEqual(['synthetic']);
    // `passenger` is an id: shared ids do not make files alike.
    expect(few.map((f) => f.file_id)).toEqual(['penguins']);
  });
});

describe('a failed request, in a sentence', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the server could not be reached, not "Failed to fetch"', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const error = await api.getFile('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(UNREACHABLE);
    expect((error as ApiError).status).toBe(0);
  });

  it('gives a 5xx without a problem document a sentence; keeps a problem detail', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } })));
    expect(((await api.getFile('x').catch((e: unknown) => e)) as ApiError).message).toBe('The server could not answer (502 Bad Gateway). Try again in a moment.');
    vi.stubGlobal('fetch', () => Promise.resolve(Response.json({ detail: 'No file x.' }, { status: 404 })));
    expect(((await api.getFile('x').catch((e: unknown) => e)) as ApiError).message).toBe('No file x.');
    expect(statusSentence(404, 'Not Found')).toBe('404 Not Found');
  });
});
