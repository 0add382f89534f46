/**
 * A stored model keeps the column types it was fitted on (GET /synth/models/{id} `fitted_columns`):
 * a retype of its source since then changes neither how it generates a column nor how conditions
 * and constraints on it are read. Said in words where the source reads a column otherwise now.
 */
import type { ColumnInfo, ModelRecord } from './api.js';

/** "Learned age as integer; the source file now reads it as text.", one sentence per column retyped since the fit. */
export function fittedTypesTexts(fitted: ModelRecord['fitted_columns'], current: readonly Pick<ColumnInfo, 'name' | 'type'>[]): string[] {
  const now = new Map(current.map((c) => [c.name, c.type]));
  return (fitted ?? []).flatMap(({ name, type }) => {
    const type_now = now.get(name);
    return type_now !== undefined && type_now !== type ? [`Learned ${name} as ${type}; the source file now reads it as ${type_now}.`] : [];
  });
}
