/**
 * Small, seeded learners for the utility and detection reports: a design matrix built from a
 * reference table (numbers standardised with a missing indicator, categories one-hot over their
 * 50 most common levels), multinomial logistic regression and ridge regression, both fitted by
 * full-batch Adam with L2. Deterministic: no randomness beyond the seeded initial order.
 */
import { cellLabel, type Column, type Table } from '../table/model.js';

interface Feature {
  readonly column: string;
  readonly encode: (c: Column | undefined, r: number, out: Float64Array, at: number) => void;
  readonly width: number;
}

export interface Design {
  readonly features: Feature[];
  readonly width: number;
}

const TOP_LEVELS = 50;

const label = cellLabel;

export function design(reference: Table, exclude: readonly string[]): Design {
  const features: Feature[] = [];
  for (const c of reference.columns) {
    if (exclude.includes(c.name) || c.type === 'id') continue;
    if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') {
      let n = 0;
      let mean = 0;
      for (const v of c.values) if (!Number.isNaN(v)) (n++, (mean += v));
      mean = n ? mean / n : 0;
      let ss = 0;
      for (const v of c.values) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
      const sd = n > 1 && ss > 0 ? Math.sqrt(ss / (n - 1)) : 1;
      features.push({
        column: c.name,
        width: 2,
        encode: (col, r, out, at) => {
          const v = col && (col.type === 'integer' || col.type === 'float' || col.type === 'datetime') ? col.values[r]! : NaN;
          out[at] = Number.isNaN(v) ? 0 : Math.max(-10, Math.min(10, (v - mean) / sd));
          out[at + 1] = Number.isNaN(v) ? 1 : 0;
        },
      });
      continue;
    }
    const counts = new Map<string, number>();
    for (let r = 0; r < reference.rowCount; r++) {
      const l = label(c, r);
      if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    if (c.type === 'text' && counts.size > 0.5 * reference.rowCount) continue; // free text: no signal for a linear model
    const levels = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_LEVELS).map(([l]) => l);
    const index = new Map(levels.map((l, i) => [l, i]));
    features.push({
      column: c.name,
      width: levels.length,
      encode: (col, r, out, at) => {
        const i = col ? index.get(label(col, r) ?? '') : undefined;
        if (i !== undefined) out[at + i] = 1;
      },
    });
  }
  return { features, width: features.reduce((w, f) => w + f.width, 0) };
}

/** Row-major matrix with a bias column first. */
export function matrix(d: Design, table: Table): Float64Array {
  const w = d.width + 1;
  const x = new Float64Array(table.rowCount * w);
  const cols = d.features.map((f) => table.columns.find((c) => c.name === f.column));
  for (let r = 0; r < table.rowCount; r++) {
    x[r * w] = 1;
    let at = r * w + 1;
    d.features.forEach((f, i) => {
      f.encode(cols[i], r, x, at);
      at += f.width;
    });
  }
  return x;
}

interface AdamState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

function adamStep(weights: Float64Array, grad: Float64Array, s: AdamState, lr: number): void {
  s.t++;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let i = 0; i < weights.length; i++) {
    s.m[i] = b1 * s.m[i]! + (1 - b1) * grad[i]!;
    s.v[i] = b2 * s.v[i]! + (1 - b2) * grad[i]! * grad[i]!;
    const mh = s.m[i]! / (1 - b1 ** s.t);
    const vh = s.v[i]! / (1 - b2 ** s.t);
    weights[i]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
  }
}

export interface Classifier {
  readonly classes: number;
  predictProba(x: Float64Array, rows: number): Float64Array;
}

/** Multinomial logistic regression on labels 0..k−1. */
export function fitLogistic(x: Float64Array, y: Int32Array, classes: number, options: { iterations?: number; l2?: number } = {}): Classifier {
  const n = y.length;
  const w = x.length / Math.max(1, n);
  const weights = new Float64Array(w * classes);
  const state: AdamState = { m: new Float64Array(weights.length), v: new Float64Array(weights.length), t: 0 };
  const grad = new Float64Array(weights.length);
  const logits = new Float64Array(classes);
  const l2 = options.l2 ?? 1e-3;
  for (let it = 0; it < (options.iterations ?? 150); it++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        let z = 0;
        for (let j = 0; j < w; j++) z += x[r * w + j]! * weights[k * w + j]!;
        logits[k] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += (logits[k] = Math.exp(logits[k]! - max));
      for (let k = 0; k < classes; k++) {
        const err = logits[k]! / sum - (y[r] === k ? 1 : 0);
        if (err === 0) continue;
        for (let j = 0; j < w; j++) grad[k * w + j]! += (err * x[r * w + j]!) / n;
      }
    }
    for (let i = 0; i < weights.length; i++) if (i % w) grad[i]! += l2 * weights[i]!;
    adamStep(weights, grad, state, 0.05);
  }
  return {
    classes,
    predictProba: (xs, rows) => {
      const out = new Float64Array(rows * classes);
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let k = 0; k < classes; k++) {
          let z = 0;
          for (let j = 0; j < w; j++) z += xs[r * w + j]! * weights[k * w + j]!;
          out[r * classes + k] = z;
          max = Math.max(max, z);
        }
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += (out[r * classes + k] = Math.exp(out[r * classes + k]! - max));
        for (let k = 0; k < classes; k++) out[r * classes + k]! /= sum;
      }
      return out;
    },
  };
}

/** Ridge regression by Adam on the mean squared error of a standardised target. */
export function fitRidge(x: Float64Array, y: Float64Array, options: { iterations?: number; l2?: number } = {}): (xs: Float64Array, rows: number) => Float64Array {
  const n = y.length;
  const w = x.length / Math.max(1, n);
  let mean = 0;
  for (const v of y) mean += v;
  mean /= Math.max(1, n);
  let sd = 0;
  for (const v of y) sd += (v - mean) ** 2;
  sd = Math.sqrt(sd / Math.max(1, n)) || 1;
  const weights = new Float64Array(w);
  const state: AdamState = { m: new Float64Array(w), v: new Float64Array(w), t: 0 };
  const grad = new Float64Array(w);
  const l2 = options.l2 ?? 1e-3;
  for (let it = 0; it < (options.iterations ?? 300); it++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      let p = 0;
      for (let j = 0; j < w; j++) p += x[r * w + j]! * weights[j]!;
      const err = p - (y[r]! - mean) / sd;
      for (let j = 0; j < w; j++) grad[j]! += (err * x[r * w + j]!) / n;
    }
    for (let j = 1; j < w; j++) grad[j]! += l2 * weights[j]!;
    adamStep(weights, grad, state, 0.05);
  }
  return (xs, rows) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let p = 0;
      for (let j = 0; j < w; j++) p += xs[r * w + j]! * weights[j]!;
      out[r] = p * sd + mean;
    }
    return out;
  };
}
