/**
 * SDV single-table metadata (METADATA_SPEC_VERSION SINGLE_TABLE_V1) to and from our column infos,
 * so SDV users can bring their metadata and take ours.
 */
import { z } from 'zod';
import type { ColumnInfo } from '../files/model.js';

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

const STRFTIME: [string, string][] = [
  ['YYYY', '%Y'],
  ['MM', '%m'],
  ['DD', '%d'],
  ['HH', '%H'],
  ['mm', '%M'],
  ['ss', '%S'],
  ['SSS', '%f'],
];
export const toStrftime = (format: string) => STRFTIME.reduce((f, [ours, theirs]) => f.replace(ours, theirs), format);
export const fromStrftime = (format: string) => STRFTIME.reduce((f, [ours, theirs]) => f.replace(theirs, ours), format);

export const SdvMetadata = z
  .object({
    METADATA_SPEC_VERSION: z.literal('SINGLE_TABLE_V1'),
    primary_key: z.string().optional(),
    columns: z.record(
      z.string(),
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
      out.columns[c.name] = { sdtype: PII_SDTYPES[c.pii.kind]!, pii: true };
      continue;
    }
    switch (c.type) {
      case 'integer':
        out.columns[c.name] = { sdtype: 'numerical', computer_representation: 'Int64' };
        break;
      case 'float':
        out.columns[c.name] = { sdtype: 'numerical', computer_representation: 'Float' };
        break;
      case 'datetime':
        out.columns[c.name] = { sdtype: 'datetime', ...(c.format ? { datetime_format: toStrftime(c.format) } : {}) };
        break;
      case 'boolean':
        out.columns[c.name] = { sdtype: 'boolean' };
        break;
      case 'id':
        out.columns[c.name] = { sdtype: 'id' };
        break;
      default:
        out.columns[c.name] = { sdtype: 'categorical' };
    }
  }
  return out;
}

/** The edits SDV metadata asks for: PII kinds (to fake), the primary key. */
export function editsFromSdv(meta: SdvMetadata): { name: string; pii_action?: 'fake'; pii_kind?: string; primary_key?: boolean }[] {
  return Object.entries(meta.columns).map(([name, c]) => ({
    name,
    ...(KIND_OF_SDTYPE[c.sdtype] || c.pii ? { pii_action: 'fake' as const, pii_kind: KIND_OF_SDTYPE[c.sdtype] ?? c.sdtype } : {}),
    ...(meta.primary_key === name ? { primary_key: true } : {}),
  }));
}
