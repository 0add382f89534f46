/**
 * The real columns whose synthetic values are not drawn from the real ones, with why: those the real
 * file's schema leaves out of the model (PII faked or dropped, the primary key: generation/left-out.ts)
 * and those the model that generated the file left out (its record: the schema may have changed
 * since). A synthetic file may lack them (service.ts), and row-level privacy measures skip them (privacy.ts).
 */
import { z } from 'zod';
import type { FileMeta } from '../files/model.js';
import type { LeftOutColumn } from './privacy.js';
import { leftOutOfModel, piiLeftOut } from '../generation/left-out.js';

/** What a model record says it left out; read leniently, as records of every age are. */
const Named = z.array(z.object({ name: z.string() })).catch([]);
const LeftOutByModel = z.object({ pii: z.object({ drop: z.array(z.string()).catch([]), fake: Named }).catch({ drop: [], fake: [] }), keys: Named });

const FAKED = 'replaced by fakes as PII';
const DROPPED = 'dropped as PII';
const KEY = 'the primary key: each synthetic row gets a new one';

/** In the real file's column order; a column the schema and the record both name is listed once, with the schema's reason. */
export function leftOutColumns(real: FileMeta, modelRecord: unknown): LeftOutColumn[] {
  const reasons = new Map<string, string>();
  for (const c of real.columns ?? []) {
    // Which columns: the rule generation follows; here only the words for why.
    const reason = !leftOutOfModel(c) ? undefined : piiLeftOut(c) ? (c.pii?.action === 'fake' ? FAKED : DROPPED) : KEY;
    if (reason) reasons.set(c.name, reason);
  }
  const record = LeftOutByModel.safeParse(modelRecord);
  if (record.success) {
    const { pii, keys } = record.data;
    for (const [names, reason] of [[pii.fake.map((f) => f.name), FAKED], [pii.drop, DROPPED], [keys.map((k) => k.name), KEY]] as const) {
      for (const name of names) if (!reasons.has(name)) reasons.set(name, reason);
    }
  }
  const order = (real.columns ?? []).map((c) => c.name);
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return [...reasons].map(([column, reason]) => ({ column, reason })).sort((a, b) => rank(a.column) - rank(b.column));
}
