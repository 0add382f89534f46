import { randomBytes } from 'node:crypto';

/** Time-ordered ids (base-36 milliseconds, then random), so listings sort by creation. */
export function newId(prefix: 'f' | 'j' | 'm' | 'v'): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const rand = BigInt('0x' + randomBytes(8).toString('hex')).toString(36).padStart(13, '0');
  return `${prefix}_${time}${rand}`;
}
