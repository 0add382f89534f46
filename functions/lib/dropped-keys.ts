/**
 * `__proto__` keys a body's schema dropped without a word. JSON.parse makes `"__proto__"` an own
 * key, but zod's record (and any object spread or assignment) skips it, so `params: {"__proto__":…}`
 * was a request run without it. Where the parsed body kept the key (columnRecord: a column may be
 * called `__proto__`) it is data and passes; where it vanished it is named, for a 422.
 */
const PROTO = '__proto__';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths (dot-joined) of `__proto__` keys in `json` that `parsed`, its parse, lacks at the same place. */
export function droppedProtoKeys(json: unknown, parsed: unknown, path: readonly string[] = []): string[] {
  if (Array.isArray(json)) {
    if (!Array.isArray(parsed)) return [];
    return json.flatMap((v, i) => droppedProtoKeys(v, parsed[i], [...path, String(i)]));
  }
  if (!isRecord(json) || !isRecord(parsed)) return [];
  const found: string[] = [];
  for (const key of Object.keys(json)) {
    if (key === PROTO && !Object.hasOwn(parsed, PROTO)) found.push([...path, key].join('.'));
    // A kept key's value is walked as parsed; a transformed or dropped one's cannot be matched up.
    else if (Object.hasOwn(parsed, key)) found.push(...droppedProtoKeys(json[key], parsed[key], [...path, key]));
  }
  return found;
}
