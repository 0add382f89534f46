/**
 * The Drift section's notes, in words: columns the current file types otherwise (read in this file's
 * type, core/eda/drift-read.ts) with the values that did not read, columns not judged with why (too
 * few values on a side, or faked in a generated file), and columns only the current file has.
 */
import type { DriftReply } from './api.js';
import { formatCount } from './dom.js';
import { TYPE_NOUNS } from './retyped-text.js';

const noun = (type: string) => TYPE_NOUNS[type] ?? type;

/**
 * 'weight is whole numbers here but text in spelled.csv, so its values were read as whole numbers;
 * 2 could not be and count as missing: "n/a", "12 kg".', one per column.
 */
export function driftRetypedTexts(retyped: DriftReply['retyped_columns'], current: string): string[] {
  return (retyped ?? []).map(({ column, reference_type, current_type, unreadable = 0, unreadable_values = [] }) => {
    const read = `${column} is ${noun(reference_type)} here but ${noun(current_type)} in ${current}, so its values there were read as ${noun(reference_type)}`;
    if (!unreadable) return `${read}.`;
    const shown = unreadable_values.map((v) => `“${v}”`).join(', ');
    const more = unreadable > unreadable_values.length ? ' among them' : '';
    return `${read}; ${formatCount(unreadable)} could not be and ${unreadable === 1 ? 'counts' : 'count'} as missing${shown ? `${more}: ${shown}` : ''}.`;
  });
}

/** 'Not judged, so neither stable nor drift: weight, kind — too few values to judge: …', one line per reason. */
export function driftLeftOutTexts(leftOut: DriftReply['left_out_columns']): string[] {
  const byReason = new Map<string, string[]>();
  for (const { column, reason } of leftOut ?? []) byReason.set(reason, [...(byReason.get(reason) ?? []), column]);
  return [...byReason].map(([reason, columns]) => `Not judged, so neither stable nor drift: ${columns.join(', ')} — ${reason}.`);
}

/** 'Only in spelled.csv, so compared with nothing: note.', or nothing. */
export function driftExtraText(extra: DriftReply['extra_columns'], current: string): string {
  return extra?.length ? `Only in ${current}, so compared with nothing: ${extra.join(', ')}.` : '';
}
