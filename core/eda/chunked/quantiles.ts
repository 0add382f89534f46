/**
 * A column's quantile sketch fed chunk by chunk. Each chunk is sketched on its own, seeded by the
 * column's seed and the chunk's index, then merged (as NumberSketch does): the result depends on the
 * data and the chunking only, never on the order chunks happen to be summarised in.
 */
import { KllSketch } from '../../stats/kll.js';
import { QUANTILE_SKETCH_K } from './column-sketch.js';

export const newQuantileSketch = (seed: number) => new KllSketch(QUANTILE_SKETCH_K, seed);

export function addChunkQuantiles(sketch: KllSketch, values: Float64Array, seed: number, chunk: number): void {
  const part = new KllSketch(QUANTILE_SKETCH_K, seed * 7919 + chunk + 1);
  part.addAll(values);
  sketch.merge(part);
}
