/** How a feature-engineered file was made: its source and the steps applied, in order, from its lineage. */
import type { FileMeta } from '../api.js';
import { h, plural } from '../dom.js';
import { stepTitle } from '../labels.js';
import { deletedParentText } from '../lineage.js';

/** The recorded steps of lineage.details.pipeline (each `{ spec, fitted }`), or none when it is absent or malformed. */
function recordedSteps(meta: FileMeta): Record<string, unknown>[] {
  const pipeline = meta.lineage.details?.pipeline;
  if (typeof pipeline !== 'object' || pipeline === null || !('steps' in pipeline) || !Array.isArray(pipeline.steps)) return [];
  return pipeline.steps.flatMap((s: unknown) => (typeof s === 'object' && s !== null && 'spec' in s && typeof s.spec === 'object' && s.spec !== null ? [s.spec as Record<string, unknown>] : []));
}

/** Bin edges as the step recorded them, so the ranges of a binned column can be read here too. */
function binEdges(meta: FileMeta, index: number): number[] | undefined {
  const steps = (meta.lineage.details?.pipeline as { steps?: { fitted?: { edges?: unknown } }[] } | undefined)?.steps;
  const edges = steps?.[index]?.fitted?.edges;
  return Array.isArray(edges) && edges.every((e) => typeof e === 'number') ? edges : undefined;
}

/** "Made by feature engineering from <source>": the steps as a numbered list; null for other files. */
export function pipelineStepsSection(meta: FileMeta, parentName: string | undefined): HTMLElement | null {
  if (meta.lineage.operation !== 'features') return null;
  const steps = recordedSteps(meta);
  const from = meta.lineage.parent && !meta.lineage.parent_deleted ? h('a', { href: `#/files/${meta.lineage.parent}` }, parentName ?? 'its source') : h('span', {}, parentName ?? deletedParentText(meta, 'a source file since deleted'));
  return h(
    'section',
    { 'aria-labelledby': 'steps-h', id: 'applied-steps' },
    h('h2', { id: 'steps-h' }, 'How this dataset was made'),
    h('p', {}, 'Feature engineering on ', from, steps.length ? `, ${plural(steps.length, 'step')} in this order:` : '.'),
    h(
      'ol',
      { class: 'steps' },
      ...steps.map((spec, i) => {
        const edges = spec.kind === 'bin' ? binEdges(meta, i) : undefined;
        return h('li', {}, stepTitle(spec), edges ? h('span', { class: 'muted' }, ` — edges ${edges.map((e) => String(Number(e.toPrecision(4)))).join(', ')}`) : null);
      }),
    ),
  );
}
