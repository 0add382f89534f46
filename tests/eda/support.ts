/** Shared by the chunked-EDA tests: the real tables, and comparisons with tolerances. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { readCsvTable } from '../../core/table/csv.js';
import type { Column, Table } from '../../core/table/model.js';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

export const DATASET_NAMES = ['airquality', 'penguins', 'cars', 'titanic', 'seattle_weather', 'credit', 'diamonds'] as const;

const loaded = new Map<string, Promise<Table>>();

/** A dataset from ../shared/datasets as ingest types it (read once per test file). */
export function loadDataset(name: string): Promise<Table> {
  let table = loaded.get(name);
  if (!table) loaded.set(name, (table = readFile(`${DATASETS}${name}.csv`).then(async (bytes) => (await readCsvTable(bytes)).table)));
  return table;
}

export const column = (table: Table, name: string): Column => table.columns.find((c) => c.name === name)!;

/** The present values of a number-like column, sorted. */
export function sortedValues(c: Column): Float64Array {
  if (!('values' in c) || !(c.values instanceof Float64Array)) return new Float64Array();
  return c.values.filter((v) => !Number.isNaN(v)).sort();
}

/** How far p is from the ranks q truly holds in sorted data, as a share of n. */
export function rankError(sorted: Float64Array, q: number, p: number): number {
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < q) below++;
    if (v <= q) atOrBelow++;
  }
  const n = sorted.length;
  return Math.max(0, below / n - p, p - atOrBelow / n);
}

/** Equal numbers up to rounding (relative), NaN to NaN; anything else deeply equal. */
export function close(actual: unknown, expected: unknown, relative = 1e-9, path = ''): void {
  if (typeof expected !== 'number' || typeof actual !== 'number') return void expect(actual, path).toEqual(expected);
  if (Number.isNaN(expected)) return void expect(actual, path).toBeNaN();
  expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/** Deep comparison with every number compared by `close`. */
export function closeDeep(actual: unknown, expected: unknown, relative = 1e-9, path = '$'): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => closeDeep((actual as unknown[])[i], e, relative, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) closeDeep((actual as Record<string, unknown>)[k], e, relative, `${path}.${k}`);
  } else close(actual, expected, relative, path);
}

/** A result without its computation fields, to compare with the in-memory one. */
export function figures<T extends { approximate?: unknown; computation?: unknown; approximation?: unknown }>(result: T): Omit<T, 'approximate' | 'computation' | 'approximation'> {
  const { approximate: _a, computation: _c, approximation: _x, ...rest } = result;
  return rest;
}
