/**
 * Columns the generated file types otherwise than its source (a schema edit since): the quality
 * route reads them as the source's type (core/metrics/align.ts), and says how many values did not
 * read so and were scored as missing. Said in words here; a value that read is nothing to say.
 */
import type { ColumnInfo, Quality } from './api.js';
import { formatCount } from './dom.js';

/** What a value of each type is, as a sentence names it: "could not be read as dates". */
export const TYPE_NOUNS: Readonly<Record<string, string>> = {
  integer: 'whole numbers',
  float: 'numbers',
  boolean: 'yes/no values',
  categorical: 'categories',
  datetime: 'dates',
  text: 'text',
  id: 'ids',
};

/** Integer and float are both numbers to every score (align.ts sameKind): not a difference. */
const kind = (type: string) => (type === 'integer' || type === 'float' ? 'number' : type);

/** Whether some column both files have is typed otherwise in `file` than in `source`: its stored quality predates that. */
export function typedOtherwise(source: readonly Pick<ColumnInfo, 'name' | 'type'>[], file: readonly Pick<ColumnInfo, 'name' | 'type'>[]): boolean {
  const types = new Map(source.map((c) => [c.name, kind(c.type)]));
  return file.some((c) => types.has(c.name) && types.get(c.name) !== kind(c.type));
}

/** "3 values of date in this file could not be read as dates, the source's type, and are scored as missing.", per column with any. */
export function unreadableTexts(retyped: Quality['retyped_columns']): string[] {
  return (retyped ?? []).flatMap(({ column, real_type, unreadable = 0 }) =>
    unreadable > 0
      ? [`${formatCount(unreadable)} ${unreadable === 1 ? 'value' : 'values'} of ${column} in this file could not be read as ${TYPE_NOUNS[real_type] ?? real_type}, the source’s type for it, and ${unreadable === 1 ? 'is' : 'are'} scored as missing.`]
      : [],
  );
}
