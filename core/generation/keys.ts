/**
 * Primary keys. A column marked `primary_key` names rows rather than describing them: a model
 * would learn the file's row order from it, and its draws would repeat keys. So the model never
 * sees it, and every synthetic row gets a new key of the real keys' shape, no two alike:
 * - whole numbers: distinct integers drawn at random from the real keys' range (continuing past
 *   its top, or below its bottom near the largest safe integer, when a sample needs more keys);
 * - text: the real keys' shapes with their letters and digits redrawn (as ids are scrambled).
 * The plan is stored in the model record, which the API returns: it holds no real key (the
 * templates are themselves redrawn when planned).
 */
import { z } from 'zod';
import { columnLabels, numbersOf, type Column } from '../table/model.js';
import { presentRange } from '../stats/range.js';
import { Affixes, scramblerOf, scrambledValues } from '../synth/scramble.js';
import { templatesOf } from '../synth/column-rules.js';
import type { Rng } from '../random.js';

/**
 * The column types a primary key may have. Not categorical: a key's levels are one per row, which
 * the metadata would list in full (retype such a column to text first).
 */
export const KEY_TYPES = ['integer', 'id', 'text'] as const;
type KeyType = (typeof KEY_TYPES)[number];
export const isKeyType = (type: string): type is KeyType => (KEY_TYPES as readonly string[]).includes(type);

export const KeyPlan = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('integers'), name: z.string(), min: z.number().int(), max: z.number().int() }),
  z.object({ kind: z.literal('scrambled'), name: z.string(), type: z.enum(['id', 'text']), templates: z.array(z.string()), affixes: Affixes }),
]);
export type KeyPlan = z.infer<typeof KeyPlan>;

/** How new keys are made for the real key column `c`. */
export function planKey(c: Column, rng: Rng): KeyPlan {
  if (c.type === 'integer') {
    const range = presentRange(numbersOf(c)!) ?? { min: 1, max: 1 };
    return { kind: 'integers', name: c.name, min: range.min, max: range.max };
  }
  if (c.type !== 'id' && c.type !== 'text') throw new Error(`A ${c.type} column cannot be a primary key.`);
  const present = columnLabels(c).filter((v): v is string => v !== null);
  const { templates, affixes } = templatesOf(present, rng);
  const { reshape } = scramblerOf(templates, affixes);
  return { kind: 'scrambled', name: c.name, type: c.type, templates: templates.map((t) => reshape(t, rng)), affixes };
}

/** `rows` distinct keys by `plan`, as a column of the real key's type. */
export function keyColumn(plan: KeyPlan, rows: number, rng: Rng): Column {
  if (plan.kind === 'integers') return { type: 'integer', name: plan.name, values: Float64Array.from(distinctIntegers(plan.min, plan.max, rows, rng)) };
  return { type: plan.type, name: plan.name, values: scrambledValues({ templates: plan.templates, affixes: plan.affixes, missingRate: 0 }, true, rows, rng) };
}

/**
 * `count` distinct integers from [min, max] in random order (a partial Fisher–Yates shuffle of the
 * range, kept sparse: a range may span billions); past max when the range holds fewer, or below min
 * where going past max would leave the integers a double holds exactly.
 */
function distinctIntegers(min: number, max: number, count: number, rng: Rng): number[] {
  const span = Math.max(max - min + 1, count);
  if (min + span - 1 > Number.MAX_SAFE_INTEGER) min = max - span + 1;
  const moved = new Map<number, number>();
  const at = (i: number) => moved.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, span - 1);
    const picked = at(j);
    moved.set(j, at(i));
    out.push(min + picked);
  }
  return out;
}
