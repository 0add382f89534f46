/** Builders that turn a column's raw cells into its typed representation, given the inferred type. */
import { MISSING_CODE, type Column } from './model.js';
import { MISSING_SPELLINGS, trim, type InferredColumn } from './infer.js';
import { datetimeFormat, parseDatetime } from './datetime.js';

export interface ColumnBuilder {
  add(raw: string): void;
  /** The column so far; the builder starts over afterwards (one builder serves every chunk). */
  take(): Column;
}

/** A typed array that doubles as it fills; `take` hands over the filled part and starts again. */
class Growable<A extends Float64Array | Int32Array> {
  private data: A;
  length = 0;
  constructor(private readonly make: (n: number) => A) {
    this.data = make(1024);
  }
  push(v: number) {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): A {
    const out = this.data.slice(0, this.length) as A;
    this.length = 0;
    return out;
  }
}

const floats = () => new Growable((n) => new Float64Array(n));
const ints = () => new Growable((n) => new Int32Array(n));

export function columnBuilder(info: InferredColumn): ColumnBuilder {
  const { name } = info;
  switch (info.type) {
    case 'integer':
    case 'float': {
      const values = floats();
      const type = info.type;
      const extra = type === 'float' ? { decimals: info.decimals ?? 0, fixedDecimals: info.fixedDecimals ?? false } : {};
      return {
        add: (raw) => {
          const v = trim(raw);
          values.push(MISSING_SPELLINGS.has(v) ? NaN : Number(v));
        },
        take: () => ({ type, name, values: values.take(), ...extra }),
      };
    }
    case 'datetime': {
      const values = floats();
      const format = datetimeFormat(info.format ?? 'YYYY-MM-DD');
      return {
        add: (raw) => values.push(parseDatetime(format, trim(raw))),
        take: () => ({ type: 'datetime', name, values: values.take(), format: format.name }),
      };
    }
    case 'categorical':
    case 'boolean': {
      const categories = info.categories ?? [];
      const index = new Map(categories.map((c, i) => [c, i]));
      const codes = ints();
      const type = info.type;
      return {
        add: (raw) => codes.push(index.get(trim(raw)) ?? MISSING_CODE),
        take: () => ({ type, name, codes: codes.take(), categories }),
      };
    }
    case 'text':
    case 'id': {
      let values: (string | null)[] = [];
      const type = info.type;
      return {
        add: (raw) => values.push(MISSING_SPELLINGS.has(trim(raw)) ? null : raw),
        take: () => {
          const out = values;
          values = [];
          return { type, name, values: out };
        },
      };
    }
  }
}
