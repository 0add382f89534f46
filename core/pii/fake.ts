/** Realistic, seeded fake values per PII kind, made so that none can be a real person's. */
import type { Rng } from '../random.js';
import { GIVEN_NAMES, SURNAMES } from './names.js';
import { luhn } from './validators.js';
import { scramble } from '../synth/scramble.js';

const given = [...GIVEN_NAMES];
const surnames = [...SURNAMES];
const pick = <T>(xs: readonly T[], rng: Rng) => xs[rng.int(0, xs.length - 1)]!;
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const digits = (n: number, rng: Rng) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

function cardNumber(rng: Rng): string {
  // 4000 00… is a documented test range; the last digit makes the Luhn checksum hold.
  const body = `400000${digits(9, rng)}`;
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  return `${body}0`;
}

export function fakeValue(kind: string, rng: Rng, like?: string): string {
  switch (kind) {
    case 'email':
      return `${pick(given, rng)}.${pick(surnames, rng)}${rng.int(1, 999)}@example.com`;
    case 'phone':
      return `+1 555-01${digits(2, rng)}-${digits(4, rng)}`; // 555-01xx numbers are reserved for fiction
    case 'person_name':
      return `${cap(pick(given, rng))} ${cap(pick(surnames, rng))}`;
    case 'credit_card':
      return cardNumber(rng);
    case 'ssn':
      return `9${digits(2, rng)}-${digits(2, rng)}-${digits(4, rng)}`; // area 9xx is never issued
    case 'ip_address':
      return `192.0.2.${rng.int(1, 254)}`; // TEST-NET-1, documentation only
    default:
      return like ? scramble(like, rng) : `anon-${digits(8, rng)}`;
  }
}
