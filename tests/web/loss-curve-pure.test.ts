/**
 * The loss curve's epoch axis runs from the first epoch kept to the last: a "nice" domain stretched
 * epochs 1–23 to 0–24 (a cancelled run's curve then seemed to start at epoch 0).
 */
import { expect, it } from 'vitest';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { lossCurveSpec } from '../../web/src/charts.js';

async function epochDomain(spec: TopLevelSpec, width: number): Promise<number[]> {
  const view = new View(parse(compile({ ...spec, width } as TopLevelSpec).spec), { renderer: 'none' });
  await view.runAsync();
  const domain = view.scale('x').domain() as number[];
  view.finalize();
  return domain;
}

it('spans exactly the epochs of the history, however many, narrow or wide', async () => {
  for (const epochs of [6, 23, 57]) {
    const history = Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, loss: { generator: 2 - i * 0.1, discriminator: 0.5 } }));
    for (const width of [120, 640]) expect(await epochDomain(lossCurveSpec(history), width)).toEqual([1, epochs]);
  }
});
