/**
 * Records keyed by column names. A column may be called `constructor`, `toString` or `__proto__`:
 * a plain `record[name]` then finds Object.prototype's members, and `record[name] = v` on
 * `__proto__` sets the prototype instead of a key. These helpers look at and write own keys only.
 */
import { z } from 'zod';

/** The record's own entry for `key`, never an inherited member. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as an own, enumerable data property, `__proto__` included. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A record keyed by column names, validated like `z.record(z.string(), value)` but keeping every
 * own key: zod's record skips a `__proto__` key, which would drop that column's entry silently.
 * The result is built with setOwn, so `__proto__` stays a key and never becomes the prototype.
 */
export function columnRecord<V extends z.ZodType>(value: V) {
  return z
    .custom<Record<string, z.output<V>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'expected an object keyed by column name' })
    .transform((input, ctx) => {
      const out: Record<string, z.output<V>> = {};
      for (const key of Object.keys(input)) {
        const parsed = value.safeParse((input as Record<string, unknown>)[key]);
        if (parsed.success) setOwn(out, key, parsed.data);
        else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
      return out;
    })
    // Documented as the record it is; its value schema inlined (an empty registry: no $defs to lose).
    .meta({ type: 'object', additionalProperties: valueSchema(value) });
}

function valueSchema(value: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(value, { unrepresentable: 'any', metadata: z.registry() });
  return schema;
}

/** The names given more than once, each once, in order of first repeat. */
export function repeatedNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/**
 * A list of column names, none twice: a repeated name would be answered (or counted) twice, so it
 * is a 422 naming it — as the `columns` query parameter of GET /files/{id}/data is.
 */
export function distinctColumnNames() {
  return z.array(z.string()).superRefine((names, ctx) => {
    const repeated = repeatedNames(names);
    if (repeated.length) ctx.addIssue({ code: 'custom', message: `${repeated.join(', ')} given more than once` });
  });
}
