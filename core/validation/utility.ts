/**
 * Machine-learning utility: train on the synthetic rows and on the real training rows, test both
 * on a real holdout (TSTR vs TRTR); and detection, a classifier two-sample test telling real from
 * synthetic (3-fold cross-validated AUC), scored as SDMetrics does: 1 − (2·max(AUC, 0.5) − 1).
 */
import { columnLabels, getColumn, takeRows, type Column, type Table } from '../table/model.js';
import { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { auc } from './privacy.js';
import { design, fitLogistic, fitRidge, matrix } from './learners.js';
import { alignedTo, type Aligned } from '../metrics/align.js';
import { holdoutOverlap } from './rows.js';

const MAX_TRAIN = 10_000;

/**
 * The real model's score below which relative utility is not given: a ratio to a score of about 0
 * (an r² of 4e-16, rounding noise) is noise of any size (it had read -770840571582). 0.01 is a
 * tolerance, not a test: a model explaining 1 % of the target's variance (or a macro F1 of 0.01)
 * has learnt nothing to measure the synthetic one against, and any model that learns does far better.
 */
const MIN_REAL_SCORE = 0.01;

const targetLabels = columnLabels;

const numeric = (c: Column) => c.type === 'integer' || c.type === 'float';

function subsample(t: Table, rng: Rng, max: number): Table {
  return t.rowCount <= max ? t : takeRows(t, rng.sampleIndices(t.rowCount, max).sort((a, b) => a - b));
}

function classification(train: Table, test: Table, target: string, classes: string[]) {
  const index = new Map(classes.map((c, i) => [c, i]));
  const rowsWith = (t: Table) => {
    const labels = targetLabels(getColumn(t, target)!);
    const keep = labels.map((l, r) => (l !== null && index.has(l) ? r : -1)).filter((r) => r >= 0);
    return { table: takeRows(t, keep), y: Int32Array.from(keep, (r) => index.get(labels[r]!)!) };
  };
  const tr = rowsWith(train);
  const te = rowsWith(test);
  const d = design(train, [target]);
  const model = fitLogistic(matrix(d, tr.table), tr.y, classes.length);
  const proba = model.predictProba(matrix(d, te.table), te.table.rowCount);
  const predicted = Int32Array.from({ length: te.table.rowCount }, (_, r) => {
    let best = 0;
    for (let k = 1; k < classes.length; k++) if (proba[r * classes.length + k]! > proba[r * classes.length + best]!) best = k;
    return best;
  });
  let correct = 0;
  for (let r = 0; r < predicted.length; r++) if (predicted[r] === te.y[r]) correct++;
  return { accuracy: predicted.length ? correct / predicted.length : 0, macro_f1: macroF1(te.y, predicted, classes.length) };
}

/**
 * Macro-averaged F1 as scikit-learn's `f1_score(average='macro')`: over the classes that occur in
 * the truth or the predictions, a class never predicted or never true scoring 0. A class absent
 * from both says nothing of this test set (a holdout of one class would otherwise score 1/k).
 */
export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  for (let r = 0; r < predicted.length; r++) {
    const p = predicted[r]!;
    const t = truth[r]!;
    if (p === t) tp[p]! += 1;
    else {
      fp[p]! += 1;
      fn[t]! += 1;
    }
  }
  let sum = 0;
  let seen = 0;
  for (let k = 0; k < classes; k++) {
    if (tp[k]! + fp[k]! + fn[k]! === 0) continue;
    seen++;
    sum += (2 * tp[k]!) / (2 * tp[k]! + fp[k]! + fn[k]!);
  }
  return seen ? sum / seen : 0;
}

function regression(train: Table, test: Table, target: string) {
  const values = (t: Table) => {
    const c = getColumn(t, target)!;
    const v = c.type === 'integer' || c.type === 'float' ? c.values : new Float64Array(t.rowCount).fill(NaN);
    const keep = Array.from(v.keys()).filter((r) => !Number.isNaN(v[r]!));
    return { table: takeRows(t, keep), y: Float64Array.from(keep, (r) => v[r]!) };
  };
  const tr = values(train);
  const te = values(test);
  const d = design(train, [target]);
  const predict = fitRidge(matrix(d, tr.table), tr.y);
  const p = predict(matrix(d, te.table), te.table.rowCount);
  let mean = 0;
  for (const v of te.y) mean += v;
  mean /= Math.max(1, te.y.length);
  let ssRes = 0;
  let ssTot = 0;
  for (let r = 0; r < te.y.length; r++) {
    ssRes += (te.y[r]! - p[r]!) ** 2;
    ssTot += (te.y[r]! - mean) ** 2;
  }
  // A holdout target that does not vary (one row, one value) leaves r² undefined: NaN, null in the reply, not a 0 that reads as a score.
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN };
}

/** Rows of a row-major matrix of `width` columns, in the given order. */
function pickRows(x: Float64Array, width: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => out.set(x.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/**
 * Real vs synthetic, 3-fold cross-validated logistic regression. Each side is encoded on its own
 * (by label, through the real table's design) and only then stacked: the two tables may differ in
 * columns, types or category lists, and a column the other side lacks simply reads as missing.
 */
export function detection(real: Table, synthetic: Table, seed: number): { auc: number; score: number } {
  const rng = Rng.seeded(seed);
  const r = subsample(real, rng, 5000);
  const s = subsample(synthetic, rng, 5000);
  const d = design(r, []);
  const width = d.width + 1;
  const both = new Float64Array((r.rowCount + s.rowCount) * width);
  both.set(matrix(d, r));
  both.set(matrix(d, s), r.rowCount * width);
  const total = r.rowCount + s.rowCount;
  const labels = Int32Array.from({ length: total }, (_, i) => (i < r.rowCount ? 0 : 1));
  const order = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const aucs: number[] = [];
  for (let fold = 0; fold < 3; fold++) {
    const testRows = order.filter((_, i) => i % 3 === fold);
    const trainRows = order.filter((_, i) => i % 3 !== fold);
    const model = fitLogistic(pickRows(both, width, trainRows), Int32Array.from(trainRows, (i) => labels[i]!), 2, { iterations: 100 });
    const p = model.predictProba(pickRows(both, width, testRows), testRows.length);
    const scores = testRows.map((_, k) => p[k * 2 + 1]!);
    const pos = Float64Array.from(testRows.map((i, k) => (labels[i] === 1 ? scores[k]! : NaN)).filter((v) => !Number.isNaN(v)));
    const neg = Float64Array.from(testRows.map((i, k) => (labels[i] === 0 ? scores[k]! : NaN)).filter((v) => !Number.isNaN(v)));
    aucs.push(auc(pos, neg));
  }
  const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  return { auc: mean, score: 1 - (2 * Math.max(mean, 0.5) - 1) };
}

/** The target types a model here can learn: classes (categorical, boolean, a few numbers) or numbers (regression). */
export const TARGET_TYPES = ['categorical', 'boolean', 'integer', 'float'] as const;

/**
 * Datetimes, free text and identifiers would each be read as classes of one row or so (accuracy 0,
 * meaningless): refused, naming the column and what is accepted, rather than scored.
 */
function checkTargetType(column: Column): void {
  if ((TARGET_TYPES as readonly string[]).includes(column.type)) return;
  const why = column.type === 'id' ? 'an identifier: nothing to predict' : `${column.type}, which a model here cannot predict`;
  throw unprocessable(
    `Target ${column.name} is ${why}. Choose a ${TARGET_TYPES.slice(0, -1).join(', ')} or ${TARGET_TYPES.at(-1)} column (set a column's type with PUT /files/{id}/schema).`,
    { column: column.name, column_type: column.type, accepted_types: [...TARGET_TYPES] },
  );
}

/**
 * A target with no value in the synthetic or holdout rows has nothing to learn or test on: its
 * scores would be noise. `given` are the tables as typed, to say when values were there but none
 * read as the real type.
 */
function checkTargetValues(target: string, tables: Readonly<Record<'synthetic' | 'holdout', { read: Table; given: Table }>>, type: Column['type']): void {
  const empty = Object.entries(tables).filter(([, t]) => {
    const c = getColumn(t.read, target);
    return c !== undefined && columnLabels(c).every((l) => l === null);
  });
  if (!empty.length) return;
  const why = empty.map(([role, t]) => {
    const given = getColumn(t.given, target)!;
    return given.type === type || columnLabels(given).every((l) => l === null) ? `no values in the ${role} file` : `no value that reads as ${type} in the ${role} file (typed ${given.type} there)`;
  });
  throw unprocessable(`The target column ${target} has ${why.join(' and ')}: a model cannot learn or be tested on it.`, { target, empty: empty.map(([role]) => role) });
}

export function utilityReport(real: Table, givenSynthetic: Table | Aligned, givenHoldout: Table | Aligned, target: string, seed: number) {
  const column = getColumn(real, target);
  if (!column) throw unprocessable(`No target column ${target}.`, { valid: real.columns.map((c) => c.name) });
  checkTargetType(column);
  // Every table read as the real one types its columns (a re-typed target or feature, metrics/align.ts).
  const { given, table: synthetic } = alignedTo(real, givenSynthetic);
  const { given: holdoutGiven, table: holdout } = alignedTo(real, givenHoldout);
  checkTargetValues(target, { synthetic: { read: synthetic, given }, holdout: { read: holdout, given: holdoutGiven } }, column.type);
  if (design(real, [target]).width === 0) {
    throw unprocessable(`Nothing to predict ${target} from: the real file has no other column a model can read (identifiers and free text are left out).`, { target });
  }
  const rng = Rng.seeded(seed);
  const trainReal = subsample(real, rng, MAX_TRAIN);
  const trainSyn = subsample(synthetic, rng, MAX_TRAIN);
  const task = numeric(column) && new Set(targetLabels(column)).size > 10 ? 'regression' : 'classification';
  let trainedOnReal: Record<string, number>;
  let trainedOnSynthetic: Record<string, number>;
  if (task === 'classification') {
    const classes = [...new Set(targetLabels(column).filter((l): l is string => l !== null))].sort();
    if (classes.length < 2) throw unprocessable(`Target ${target} has fewer than two classes.`);
    trainedOnReal = classification(trainReal, holdout, target, classes);
    trainedOnSynthetic = classification(trainSyn, holdout, target, classes);
  } else {
    trainedOnReal = regression(trainReal, holdout, target);
    trainedOnSynthetic = regression(trainSyn, holdout, target);
  }
  const key = task === 'classification' ? 'macro_f1' : 'r2';
  const relative = trainedOnReal[key]! > MIN_REAL_SCORE ? trainedOnSynthetic[key]! / trainedOnReal[key]! : null;
  const undefinedR2 = task === 'regression' && Number.isNaN(trainedOnReal.r2);
  return {
    target,
    task,
    model: task === 'classification' ? 'multinomial logistic regression (L2, Adam)' : 'ridge regression (Adam)',
    train_real: trainedOnReal,
    train_synthetic: trainedOnSynthetic,
    relative_utility: relative,
    detection: detection(real, synthetic, seed),
    holdout_overlap: holdoutOverlap(real, holdout),
    note:
      `Models train on at most ${MAX_TRAIN} rows and are tested on the real holdout; detection uses at most 5000 rows a side.` +
      (undefinedR2 ? ` R² is undefined (null): ${target} does not vary in the holdout's rows.` : ''),
  };
}
