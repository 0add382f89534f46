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
 * values — as many as the form's own `discrete_threshold` allows (numbers of up to that many values
 * are modelled by their frequencies; past it the API refuses them), else the copula's default, 20.
 */
const FEW_VALUES = 20;
const THRESHOLD = 'discrete_threshold';
const canName = (c: ColumnInfo, fewValues: number) =>
  c.type === 'categorical' || c.type === 'boolean' || ((c.type === 'integer' || c.type === 'float') && c.distinct !== undefined && c.distinct <= fewValues);
const COLUMN_PREFIX = 'column:';

interface Field {
  row: HTMLElement;
  read: () => unknown;
  /** A column choice: offers again the columns a threshold of this many values allows. */
  follow?: (fewValues: number) => void;
}

function field(name: string, schema: ParamSchema, columns: readonly ColumnInfo[]): Field | undefined {
  const id = `param-${name}`;
  const label = h('label', { for: id, title: schema.description ?? '' }, name.replaceAll('_', ' '));
  const named = schema.anyOf?.find((s) => s.enum)?.enum;
  if (named && schema.anyOf?.some((s) => s.properties?.column)) {
    const select = h('select', { id, name }, ...named.map((v) => h('option', { value: v, selected: v === schema.default }, v)));
    const follow = (fewValues: number) => {
      const chosen = select.value;
      for (const o of [...select.options]) if (o.value.startsWith(COLUMN_PREFIX)) o.remove();
      select.append(...columns.filter((c) => canName(c, fewValues)).map((c) => h('option', { value: `${COLUMN_PREFIX}${c.name}` }, `by ${c.name}`)));
      // A column no longer offered falls back to the default choice.
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : String(schema.default ?? named[0] ?? '');
    };
    follow(FEW_VALUES);
    const read = () => (select.value.startsWith(COLUMN_PREFIX) ? { column: select.value.slice(COLUMN_PREFIX.length) } : select.value === schema.default ? undefined : select.value);
    return { row: h('div', { class: 'param' }, label, select), read, follow };
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
    // A number with no default means something left empty (PrivBayes' ε: no privacy guarantee): said beside it, not in a tooltip.
    const help = schema.default === undefined && schema.description ? h('small', { id: `${id}-help`, class: 'muted param-help' }, schema.description) : null;
    if (help) input.setAttribute('aria-describedby', help.id);
    return { row: h('div', { class: 'param' }, label, input, help), read: () => (input.value === '' || Number(input.value) === schema.default ? undefined : Number(input.value)) };
  }
  return undefined; // objects and maps (per-column settings) are left to the API
}

export function paramsForm(generator: Generator, columns: readonly ColumnInfo[] = []): ParamsForm {
  const fields = Object.entries(generator.params.properties ?? {})
    .map(([name, schema]) => [name, field(name, schema, columns)] as const)
    .filter((f): f is readonly [string, Field] => f[1] !== undefined);
  // Column choices follow the threshold field as it is typed in: a number of more values than it allows is refused by the API.
  const threshold = fields.find(([name]) => name === THRESHOLD)?.[1].row.querySelector('input');
  const fewValues = () => {
    const n = threshold && threshold.value !== '' ? Number(threshold.value) : NaN;
    const fallback = generator.params.properties?.[THRESHOLD]?.default;
    return Number.isFinite(n) ? n : typeof fallback === 'number' ? fallback : FEW_VALUES;
  };
  const followThreshold = () => {
    for (const [, f] of fields) f.follow?.(fewValues());
  };
  followThreshold();
  threshold?.addEventListener('input', followThreshold);
  return {
    element: h('fieldset', { class: 'params', id: 'params' }, h('legend', {}, 'Parameters'), ...fields.map(([, f]) => f.row)),
    values: () => Object.fromEntries(fields.map(([name, f]) => [name, f.read()]).filter(([, v]) => v !== undefined)),
  };
}
