/**
 * SDV single-table metadata (METADATA_SPEC_VERSION SINGLE_TABLE_V1) to and from our column infos,
 * so SDV users can bring their metadata and take ours.
 */
import { z } from 'zod';
import type { ColumnInfo } from '../files/model.js';
import type { LogicalType } from '../table/model.js';
import { DATETIME_FORMATS } from '../table/datetime.js';
import { columnRecord, own, setOwn } from '../records.js';
import { unprocessable } from '../errors.js';

const PII_SDTYPES: Record<string, string> = {
  email: 'email',
  phone: 'phone_number',
  person_name: 'name',
  credit_card: 'credit_card_number',
  ssn: 'ssn',
  ip_address: 'ipv4_address',
  iban: 'iban',
  postal_code: 'postcode',
  date_of_birth: 'date_of_birth',
};
const KIND_OF_SDTYPE = Object.fromEntries(Object.entries(PII_SDTYPES).map(([k, v]) => [v, k]));

/** Our format tokens (date-fns style) as Python strftime directives; unpadded parts are glibc's %-m, `A` is %p (AM/PM as we write it). */
const STRFTIME: Readonly<Record<string, string>> = {
  YYYY: '%Y',
  YY: '%y',
  MM: '%m',
  DD: '%d',
  M: '%-m',
  D: '%-d',
  HH: '%H',
  H: '%-H',
  mm: '%M',
  ss: '%S',
  SSSSSS: '%f',
  SSS: '%f',
  xxx: '%z',
  xx: '%z',
  x: '%z',
  MMMM: '%B',
  MMM: '%b',
  // strptime reads a month name in any case; strftime writes `Jan`, which DD-MMM-YYYY is preferred for (first in the list).
  MON: '%b',
  hh: '%I',
  h: '%-I',
  A: '%p',
};
const TOKEN = /YYYY|YY|SSSSSS|SSS|xxx|xx|x|MMMM|MMM|MON|MM|DD|HH|hh|mm|ss|M|D|H|h|A/g;
const isEpochFormat = (format: string | undefined) => format === 'epoch_s' || format === 'epoch_ms';

export const toStrftime = (format: string) => format.replace(TOKEN, (token) => STRFTIME[token]!);

/**
 * Where several of ours share one strftime form, the one Python writes: %f is six digits, %z is
 * +0200. Lower is preferred.
 */
const pythonRank = (name: string) => (/S{6}/.test(name) ? 0 : /S{3}/.test(name) ? 1 : 0) + (/(?<!x)xx(?!x)/.test(name) ? 0 : /x/.test(name) ? 1 : 0);

/** The format of ours that SDV's strftime form stands for, if any. */
export const fromStrftime = (format: string): string | undefined =>
  DATETIME_FORMATS.filter((f) => !isEpochFormat(f.name) && toStrftime(f.name) === format)
    .map((f) => f.name)
    .sort((a, b) => pythonRank(a) - pythonRank(b))[0];

/** Every strftime form SDV metadata may give a datetime column (one of ours stands for each). */
export const SUPPORTED_STRFTIME: readonly string[] = [...new Set(DATETIME_FORMATS.filter((f) => !isEpochFormat(f.name)).map((f) => toStrftime(f.name)))];

export const SdvMetadata = z
  .object({
    METADATA_SPEC_VERSION: z.literal('SINGLE_TABLE_V1', {
      error: (iss) => (iss.input === undefined ? 'is required: SDV metadata must name its version, "SINGLE_TABLE_V1"' : `must be "SINGLE_TABLE_V1", the one SDV metadata version read (single-table), not ${JSON.stringify(iss.input)}`),
    }),
    primary_key: z.string().optional(),
    columns: columnRecord(
      z.object({ sdtype: z.string(), computer_representation: z.string().optional(), datetime_format: z.string().optional(), pii: z.boolean().optional() }).catchall(z.unknown()),
    ),
  })
  .meta({ id: 'SdvMetadata' });
export type SdvMetadata = z.infer<typeof SdvMetadata>;

export function toSdvMetadata(columns: readonly ColumnInfo[]): SdvMetadata {
  const out: SdvMetadata = { METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1', columns: {} };
  for (const c of columns) {
    if (c.primary_key) out.primary_key = c.name;
    if (c.pii && c.pii.action !== 'keep' && PII_SDTYPES[c.pii.kind]) {
      setOwn(out.columns, c.name, { sdtype: PII_SDTYPES[c.pii.kind]!, pii: true });
      continue;
    }
    switch (c.type) {
      case 'integer':
        setOwn(out.columns, c.name, { sdtype: 'numerical', computer_representation: 'Int64' });
        break;
      case 'float':
        setOwn(out.columns, c.name, { sdtype: 'numerical', computer_representation: 'Float' });
        break;
      case 'datetime':
        // Unix epoch integers have no strftime form; SDV models them as the integers they are.
        setOwn(out.columns, c.name, isEpochFormat(c.format)
          ? { sdtype: 'numerical', computer_representation: 'Int64' }
          : { sdtype: 'datetime', ...(c.format ? { datetime_format: toStrftime(c.format) } : {}) });
        break;
      case 'boolean':
        setOwn(out.columns, c.name, { sdtype: 'boolean' });
        break;
      case 'id':
        setOwn(out.columns, c.name, { sdtype: 'id' });
        break;
      default:
        setOwn(out.columns, c.name, { sdtype: 'categorical' });
    }
  }
  return out;
}

/** A column edit as SDV metadata asks for it (the shape of ColumnEdit in ./service.ts). */
export interface SdvColumnEdit {
  name: string;
  type?: LogicalType;
  format?: string;
  pii_action?: 'fake' | 'keep';
  pii_kind?: string;
  primary_key?: boolean;
}

type SdvColumn = SdvMetadata['columns'][string];

/**
 * The edits SDV metadata asks for: column types (numerical keeps integer or float when the column
 * already is one, but for Int64 on a float column), datetime formats our notation can read, PII kinds (faked unless `pii: false`),
 * the primary key.
 */
export function editsFromSdv(meta: SdvMetadata, current: readonly ColumnInfo[]): SdvColumnEdit[] {
  const problems = sdvProblems(meta);
  if (problems.length) {
    const formats = problems.some((p) => p.includes('datetime_format')) ? { supported_datetime_formats: SUPPORTED_STRFTIME } : {};
    throw unprocessable(`Invalid SDV metadata: ${problems.join('; ')}.`, { problems, ...formats });
  }
  return Object.entries(meta.columns).map(([name, c]) => {
    const kind = own(KIND_OF_SDTYPE, c.sdtype) ?? (c.pii ? c.sdtype : undefined);
    const column = current.find((col) => col.name === name);
    return {
      name,
      ...typeOfSdtype(c, column?.type, kind !== undefined, column?.format),
      ...(kind !== undefined ? { pii_action: c.pii === false ? ('keep' as const) : ('fake' as const), pii_kind: kind } : {}),
      // SDV metadata names the whole table's key: the one it names, and no other.
      ...(meta.primary_key === name ? { primary_key: true } : column?.primary_key ? { primary_key: false } : {}),
    };
  });
}

/** The sdtypes we read: SDV's own, its PII sdtypes, and any other marked `pii: true` (a Faker kind). */
const TYPE_SDTYPES = ['numerical', 'categorical', 'boolean', 'id', 'datetime'];

/** What SDV metadata asks that we cannot do: an sdtype we do not know, a primary key that is not a column. */
function sdvProblems(meta: SdvMetadata): string[] {
  const problems = Object.entries(meta.columns)
    .filter(([, c]) => !TYPE_SDTYPES.includes(c.sdtype) && !Object.hasOwn(KIND_OF_SDTYPE, c.sdtype) && c.pii !== true)
    .map(([name, c]) => `column ${name}: unknown sdtype ${JSON.stringify(c.sdtype)} (known: ${[...TYPE_SDTYPES, ...Object.keys(KIND_OF_SDTYPE)].join(', ')}; other PII sdtypes need "pii": true)`);
  if (meta.primary_key !== undefined && !Object.hasOwn(meta.columns, meta.primary_key)) problems.push(`primary_key ${meta.primary_key} is not one of the columns`);
  // A format we cannot read would be dropped, leaving the column read as before with no word said.
  for (const [name, c] of Object.entries(meta.columns)) {
    if (c.sdtype !== 'datetime' || c.datetime_format === undefined || fromStrftime(c.datetime_format) !== undefined) continue;
    problems.push(`column ${name}: datetime_format ${JSON.stringify(c.datetime_format)} is not one tabmimic reads (see supported_datetime_formats, e.g. "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"; or leave datetime_format out to keep the inferred format)`);
  }
  return problems;
}

const isIntegerRepresentation = (c: SdvColumn) => /^u?int/i.test(c.computer_representation ?? '');

function typeOfSdtype(c: SdvColumn, current: LogicalType | undefined, pii: boolean, currentFormat?: string): { type?: LogicalType; format?: string } {
  switch (c.sdtype) {
    case 'numerical':
      // Int64 on a float column asks for whole numbers: retyped, so values that are not are a 422. Float on an
      // integer column keeps it integer: pandas types a whole-number column with gaps float64, and SDV says Float.
      if (current === 'float' && isIntegerRepresentation(c)) return { type: 'integer' };
      if (current === 'integer' || current === 'float') return { type: current };
      // Our own export of an epoch datetime: numbers to SDV, still a datetime to us.
      if (current === 'datetime' && isEpochFormat(currentFormat)) return {};
      return { type: isIntegerRepresentation(c) ? 'integer' : 'float' };
    case 'categorical':
    case 'boolean':
    case 'id':
      return { type: c.sdtype };
    case 'datetime': {
      // The column's own format when SDV's form fits it (our export of it), else the first that does.
      const own = currentFormat !== undefined && !isEpochFormat(currentFormat) && toStrftime(currentFormat) === c.datetime_format ? currentFormat : undefined;
      const format = own ?? (c.datetime_format === undefined ? undefined : fromStrftime(c.datetime_format));
      return { type: 'datetime', ...(format ? { format } : {}) };
    }
    default:
      // PII sdtypes (email, name, …) hold strings: text, unless they already are (an id stays an id).
      return pii && current !== 'text' && current !== 'id' ? { type: 'text' } : {};
  }
}
