/**
 * The holdout picker the utility and privacy sections share: which files can be the holdout of a
 * synthetic file, how each reads, and the select offering them.
 */
import type { FileMeta } from '../api.js';
import { h } from '../dom.js';
import { fileChoiceLabel, isSynthetic } from '../lineage.js';

/**
 * The files that can be the holdout of `synthetic`, generated from `realId`: ready files of
 * real rows (uploaded, or made here by feature steps — the source's steps applied to held-out rows
 * are the holdout of a features source) with every column of the synthetic rows, and only rows the
 * generator never saw: not the training source, nor a file derived from it or from its ancestors
 * (same rows), nor those ancestors, nor another upload of the very same file.
 */
export function holdoutChoices(realId: string, synthetic: Pick<FileMeta, 'columns'>, items: readonly FileMeta[]): FileMeta[] {
  const columns = (synthetic.columns ?? []).map((c) => c.name);
  const fits = (names: readonly string[]) => columns.every((c) => names.includes(c));
  const real = items.find((f) => f.file_id === realId);
  const seen = new Set([realId]);
  for (let f = real; f?.lineage.parent && !seen.has(f.lineage.parent); f = items.find((x) => x.file_id === f!.lineage.parent)) seen.add(f.lineage.parent);
  const sameFile = (f: FileMeta) => real !== undefined && f.filename === real.filename && f.size === real.size && f.rows === real.rows;
  return items.filter(
    (f) => f.status === 'ready' && !isSynthetic(f) && !seen.has(f.file_id) && !(f.lineage.parent && seen.has(f.lineage.parent)) && !sameFile(f) && fits((f.columns ?? []).map((c) => c.name)),
  );
}

/**
 * A holdout choice as its option reads: an upload by name (fileChoiceLabel); a file made by feature
 * steps says from which file, and whether they are the source's own steps (the same recorded
 * pipeline, as "Apply the same steps" records it) or steps fitted on that file.
 */
export function holdoutLabel(f: FileMeta, real: FileMeta | undefined, items: readonly FileMeta[]): string {
  if (f.lineage.operation !== 'features') return fileChoiceLabel(f);
  const from = items.find((x) => x.file_id === f.lineage.parent)?.filename ?? f.lineage.parent_name ?? 'another file';
  const pipeline = JSON.stringify(f.lineage.details?.pipeline);
  const same = real?.lineage.operation === 'features' && pipeline !== undefined && pipeline === JSON.stringify(real.lineage.details?.pipeline);
  return `${f.filename} (${same ? 'the source’s steps applied to' : 'feature steps fitted on'} ${from})`;
}

export interface HoldoutSelectOptions {
  /** The select's id, for its <label for>. */
  id: string;
  /** Its accessible name; holds the visible label's word "Holdout" (WCAG 2.5.3). */
  name: string;
  /** The first option's words when no file can be the holdout. */
  none: string;
  realId: string;
  synthetic: Pick<FileMeta, 'columns'>;
  /** The newest files, listed once by the page (api.listFiles). */
  items: readonly FileMeta[];
}

/** The holdout select of a section, with the candidates it offers (none: nothing to measure against). */
/** The select's first option while there are holdouts to choose. */
export const HOLDOUT_PROMPT = 'choose unseen real rows';

export function holdoutSelect(o: HoldoutSelectOptions): { select: HTMLSelectElement; candidates: FileMeta[] } {
  const real = o.items.find((f) => f.file_id === o.realId);
  const candidates = holdoutChoices(o.realId, o.synthetic, o.items);
  const option = (f: FileMeta) => h('option', { value: f.file_id }, holdoutLabel(f, real, o.items));
  const uploaded = candidates.filter((f) => f.lineage.operation !== 'features');
  const derived = candidates.filter((f) => f.lineage.operation === 'features');
  const select = h(
    'select',
    { id: o.id, 'aria-label': o.name },
    // Short enough for a phone's select (390 px shows about 35 characters); the section says what a holdout is.
    h('option', { value: '' }, candidates.length ? HOLDOUT_PROMPT : o.none),
    // Files made here by feature steps apart from uploads, when there are both: where each came from is seen at a glance.
    ...(uploaded.length && derived.length
      ? [h('optgroup', { label: 'Uploaded' }, ...uploaded.map(option)), h('optgroup', { label: 'Made here with feature steps' }, ...derived.map(option))]
      : candidates.map(option)),
  );
  return { select, candidates };
}
