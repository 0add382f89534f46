import { z } from 'zod';

/**
 * A limit an operator may override per request through an environment variable: its value when it
 * is a whole number ≥ 0, else `fallback` (unset, empty or not a number).
 */
export function limitFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const parsed = z.coerce.number().int().nonnegative().safeParse(raw);
  return raw !== undefined && raw !== '' && parsed.success ? parsed.data : fallback;
}
