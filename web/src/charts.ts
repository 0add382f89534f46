/** Charts are Vega-Lite specs rendered by vega-embed. */
import embed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';

/** Renders into target; a target not yet laid out gets a laptop-sized width instead of 'container'. */
export async function chart(target: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const width = target.clientWidth > 0 ? target.clientWidth - 40 : 640;
  await embed(target, { ...spec, width } as TopLevelSpec, { actions: false, renderer: 'svg' });
}

export function columnChartSpec(column: string, type: string, values: (string | number | null)[]): TopLevelSpec {
  const data = { values: values.filter((v) => v !== null).map((v) => ({ v })) };
  const numeric = type === 'integer' || type === 'float';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Distribution of ${column}`,
    height: 180,
    data,
    mark: { type: 'bar', tooltip: true, color: '#4f6bed' },
    encoding: numeric
      ? { x: { field: 'v', bin: { maxbins: 30 }, title: column }, y: { aggregate: 'count', title: 'rows' } }
      : { x: { field: 'v', type: 'nominal', sort: '-y', title: column }, y: { aggregate: 'count', title: 'rows' } },
  };
}

export function shapesSpec(details: { column: string; metric: string; score: number }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Column shape similarity per column',
    height: Math.max(120, details.length * 22),
    data: { values: details },
    mark: { type: 'bar', tooltip: true, color: '#2f9e6e' },
    encoding: {
      y: { field: 'column', type: 'nominal', sort: '-x', title: null },
      x: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'similarity (1 = identical)' },
      tooltip: [{ field: 'column' }, { field: 'metric' }, { field: 'score', format: '.3f' }],
    },
  };
}

/** Loss per epoch, one line per loss (train, validation, generator, critic…). */
export function lossCurveSpec(history: { epoch: number; loss: Record<string, number> }[]): TopLevelSpec {
  const values = history.flatMap((h) => Object.entries(h.loss).map(([series, loss]) => ({ epoch: h.epoch, series, loss })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Training loss per epoch',
    height: 200,
    data: { values },
    mark: { type: 'line', point: history.length <= 30, tooltip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
  };
}
