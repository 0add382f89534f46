/** Category bar charts (web/src/charts.ts categoryBarsSpec): labels as the text they are, long ones cut with an ellipsis. */
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import { CATEGORY_LABEL_CHARS, categoryBarsSpec, shortLabel } from '../../web/src/charts.js';

/** The x axis' label texts of a spec drawn to SVG, as Vega draws them in the page. */
async function axisLabels(spec: ReturnType<typeof categoryBarsSpec>): Promise<string[]> {
  const view = new View(parse(compile({ ...spec, width: 400 } as Parameters<typeof compile>[0]).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const axis = /aria-label="tier categories"[^]*?role-axis-label[^>]*>([^]*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('a category chart’s labels', () => {
  it('cuts a label past CATEGORY_LABEL_CHARS characters with an ellipsis, and leaves shorter ones whole', () => {
    expect(shortLabel('Adelie')).toBe('Adelie');
    const long = 'Pygoscelis_antarcticus_of_the_Palmer_Archipelago';
    expect(shortLabel(long)).toBe(`${long.slice(0, CATEGORY_LABEL_CHARS - 1)}…`);
    expect([...shortLabel(long)].length).toBe(CATEGORY_LABEL_CHARS);
    // A cut at a space leaves none before the ellipsis.
    expect(shortLabel('Gentoo penguins of the Palmer Archipelago')).toBe('Gentoo penguins of…');
    // Never half a surrogate pair.
    expect(shortLabel('🐧'.repeat(30), 5)).toBe('🐧🐧🐧🐧…');
  });

  it('draws each category as its text, numbers-like or not, most frequent first, cut when long', async () => {
    const counts = [
      { value: '007', count: 9 },
      { value: '1e3', count: 7 },
      { value: '1000000', count: 5 },
      { value: 'constructor', count: 4 },
      { value: 'an extremely long category label nobody can read on an axis', count: 2 },
    ];
    // A prototype member's name carries a zero-width space, unseen, so Vega's label caches take it as text (nameKeys).
    expect(await axisLabels(categoryBarsSpec('tier', counts))).toEqual(['007', '1e3', '1000000', 'constructor\u200b', `${'an extremely long category label'.slice(0, CATEGORY_LABEL_CHARS - 1)}…`]);
  });

  it('keeps the whole category in each bar’s tooltip', () => {
    const spec = categoryBarsSpec('tier', [{ value: 'an extremely long category label', count: 2 }]) as { data: { values: { value: string }[] }; encoding: { tooltip: { field: string }[] } };
    expect(spec.data.values[0]!.value).toBe('an extremely long category label');
    expect(spec.encoding.tooltip.map((t) => t.field)).toContain('value');
  });
});
