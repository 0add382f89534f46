/**
 * Records keyed by column names. A column may be called `constructor`, `toString` or `__proto__`:
 * a plain `record[name]` then finds Object.prototype's members, and `record[name] = v` on
 * `__proto__` sets the prototype instead of a key. These helpers look at and write own keys only.
 */

/** The record's own entry for `key`, never an inherited member. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as an own, enumerable data property, `__proto__` included. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
