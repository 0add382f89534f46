/**
 * The real rows the validation routes compare a synthetic file with. A generated file made with
 * conditions (species = Adelie) is like the real rows meeting them, and is scored against those, as
 * its stored quality summary is (generation/condition-rows.ts): against the whole real file each
 * conditioned column counts as a fault, and distances are dominated by rows of other conditions.
 */
import type { FileMeta } from '../files/model.js';
import { Conditions } from '../generation/model.js';
import { comparisonRows, type ComparedWith } from '../generation/condition-rows.js';
import type { Table } from '../table/model.js';
import { datetimeFormat, formatDatetime } from '../table/datetime.js';

/** The conditions a generated file was made with (its lineage, read leniently as records of every age are); undefined when none. */
export function generatedConditions(synthetic: FileMeta): Conditions | undefined {
  if (synthetic.lineage.operation !== 'synthesize') return undefined;
  const parsed = Conditions.safeParse(synthetic.lineage.details?.conditions);
  return parsed.success && Object.keys(parsed.data).length ? parsed.data : undefined;
}

export interface Basis {
  /** The real rows compared with: those meeting the synthetic file's conditions, or the whole real file. */
  readonly real: Table;
  readonly compared_with: ComparedWith;
  readonly holdout?: Table;
  readonly holdout_compared_with?: ComparedWith;
}

const restricted = (c: ComparedWith) => 'conditions' in c && c.conditions !== undefined;

/**
 * The rows of `real` (and of `holdout`) meeting the synthetic file's conditions; every row when it
 * has none. Any real file is restricted, not only its source: a user's own copy of the rows is like
 * the file in the same way. Training and holdout rows are restricted both or neither: the DCR share
 * and the membership attack ask which of the two sets the synthetic rows sit nearer, and a set with
 * rows of other conditions would be farther for that alone (the utility models likewise learn and
 * are tested on rows of one kind).
 */
export function comparisonBasis(real: { table: Table; meta: FileMeta }, synthetic: FileMeta, holdout?: Table): Basis {
  const conditions = generatedConditions(synthetic);
  const r = comparisonRows(real.table, conditions, synthetic.lineage.parent === real.meta.file_id ? 'source' : 'real');
  if (!holdout) return { real: r.table, compared_with: r.compared_with };
  const h = comparisonRows(holdout, conditions, 'holdout');
  if (!conditions || restricted(r.compared_with) === restricted(h.compared_with)) return { real: r.table, compared_with: r.compared_with, holdout: h.table, holdout_compared_with: h.compared_with };
  const failed = restricted(r.compared_with) ? h.compared_with : r.compared_with;
  const reason = `${'whole_source' in failed ? failed.whole_source.reason : ''}, so the ${restricted(r.compared_with) ? 'real' : 'holdout'} file is compared whole too: training and holdout rows must be alike`;
  const whole = (t: Table): ComparedWith => ({ rows: t.rowCount, whole_source: { reason, conditions } });
  return { real: real.table, compared_with: whole(real.table), holdout, holdout_compared_with: whole(holdout) };
}

/** A condition's value as the file writes it: a date condition is epoch ms, written in its column's format and offset. */
function valueText(real: Table, name: string, value: Conditions[string]): string {
  if (value === null) return '(missing)';
  const column = real.columns.find((c) => c.name === name);
  if (column?.type === 'datetime' && typeof value === 'number') return formatDatetime(datetimeFormat(column.format), value, column.utcOffset);
  return String(value);
}

/** One plain sentence of what the scores were measured against, for the HTML report; undefined without conditions. */
export function comparedSentence(c: ComparedWith, real: Table): string | undefined {
  const text = (conditions: Conditions) =>
    Object.entries(conditions)
      .map(([name, value]) => `${name} = ${valueText(real, name, value)}`)
      .join(' and ');
  if ('whole_source' in c) return `Compared with the whole real file (${c.rows} rows), not only the rows where ${text(c.whole_source.conditions)}: ${c.whole_source.reason}.`;
  if (c.conditions) return `Compared with the ${c.rows} real rows where ${text(c.conditions)}, the synthetic file's conditions, not with the whole real file.`;
  return undefined;
}
