/**
 * A form for a generator's parameters, generated from their JSON Schema: scalars, and a choice of
 * named values or a column of the file (`{ column }`, e.g. the copula's strata).
 */
import type { ColumnInfo, Generator, ParamSchema } from '../api.js';
import { h } from '../dom.js';

export interface ParamsForm {
  readonly element: HTMLElement;
  /** Only the fields the user changed from their defaults. */
  values(): Record<string, unknown>;
}

/**
 * The columns a `{ column }` choice can name: categorical and boolean ones, and numbers of few
 * values (the copula models numbers of up to 20 values by their frequencies, its default).
 */
const FEW_VALUES = 20;
const canName = (c: ColumnInfo) =>
  c.type === 'categorical' || c.type === 'boolean' || ((c.type === 'integer' || c.type === 'float') && c.distinct !== undefined && c.distinct <= FEW_VALUES);
const COLUMN_PREFIX = 'column:';

function field(name: string, schema: ParamSchema, columns: readonly ColumnInfo[]): { row: HTMLElement; read: () => unknown } | undefined {
  const id = `param-${name}`;
  const label = h('label', { for: id, title: schema.description ?? '' }, name.replaceAll('_', ' '));
  const named = schema.anyOf?.find((s) => s.enum)?.enum;
  if (named && schema.anyOf?.some((s) => s.properties?.column)) {
    const byColumn = columns.filter(canName);
    const select = h(
      'select',
      { id, name },
      ...named.map((v) => h('option', { value: v, selected: v === schema.default }, v)),
      ...byColumn.map((c) => h('option', { value: `${COLUMN_PREFIX}${c.name}` }, `by ${c.name}`)),
    );
    const read = () => (select.value.startsWith(COLUMN_PREFIX) ? { column: select.value.slice(COLUMN_PREFIX.length) } : select.value === schema.default ? undefined : select.value);
    return { row: h('div', { class: 'param' }, label, select), read };
  }
  if (schema.enum) {
    const select = h('select', { id, name }, ...schema.enum.map((v) => h('option', { value: v, selected: v === schema.default }, v)));
    return { row: h('div', { class: 'param' }, label, select), read: () => (select.value === schema.default ? undefined : select.value) };
  }
  if (schema.type === 'boolean') {
    const box = h('input', { id, name, type: 'checkbox', checked: schema.default === true });
    return { row: h('div', { class: 'param' }, label, box), read: () => (box.checked === schema.default ? undefined : box.checked) };
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    const input = h('input', {
      id,
      name,
      type: 'number',
      step: schema.type === 'integer' ? 1 : 'any',
      min: schema.minimum ?? schema.exclusiveMinimum,
      max: schema.maximum,
      value: typeof schema.default === 'number' ? schema.default : '',
      placeholder: schema.default === undefined ? 'not set' : '',
    });
    return { row: h('div', { class: 'param' }, label, input), read: () => (input.value === '' || Number(input.value) === schema.default ? undefined : Number(input.value)) };
  }
  return undefined; // objects and maps (per-column settings) are left to the API
}

export function paramsForm(generator: Generator, columns: readonly ColumnInfo[] = []): ParamsForm {
  const fields = Object.entries(generator.params.properties ?? {})
    .map(([name, schema]) => [name, field(name, schema, columns)] as const)
    .filter((f): f is readonly [string, NonNullable<ReturnType<typeof field>>] => f[1] !== undefined);
  return {
    element: h('fieldset', { class: 'params', id: 'params' }, h('legend', {}, 'Parameters'), ...fields.map(([, f]) => f.row)),
    values: () => Object.fromEntries(fields.map(([name, f]) => [name, f.read()]).filter(([, v]) => v !== undefined)),
  };
}
