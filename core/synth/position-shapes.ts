/**
 * Reshaping a value position by position from what the real values show there. Values sharing a
 * skeleton — a length and the same punctuation in the same places, like every UUID or every
 * `3/16/92 17:13` — are peers: each letter or digit is redrawn from the characters the peers hold at
 * that position, so hex stays hex, case is kept, and a position constant in all of them (a UUID's
 * dashes and version `4`) stays as it is; the variant nibble stays one of 8, 9, a, b. A stretch of
 * digits in every peer (a month, a minute) also stays within the least and greatest the peers show
 * there, so 12 and 31 do not make 39. A value with too few peers has each letter and digit redrawn
 * from those of its kind seen anywhere in the column (a column of hex has no `g`).
 */
import type { Rng } from '../random.js';
import { scramble, type Affixes, type Alphabet } from './scramble.js';

/** Fewer distinct peers than this show too little of a position to draw from (they would be copied back). */
const MIN_PEERS = 5;

const isFree = (ch: string) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
const isDigit = (ch: string) => ch >= '0' && ch <= '9';
/** Stands for any letter or digit in a skeleton (never in a template's punctuation: a control character). */
const FREE = '\u0001';
const skeletonOf = (chars: readonly string[]) => chars.map((ch) => (isFree(ch) ? FREE : ch)).join('');

/** Digits at [start, end) in every peer: drawn as a number between the least and greatest seen there. */
interface DigitRun {
  readonly end: number;
  readonly min: string;
  readonly max: string;
}

interface Peers {
  /** Per position, the distinct characters the peers hold there. */
  readonly seen: readonly (readonly string[])[];
  readonly runs: ReadonlyMap<number, DigitRun>;
}

const distinctChars = (chars: Iterable<string>) => [...new Set(chars)].sort();

function peersOf(members: readonly string[][]): Peers {
  const length = members[0]!.length;
  const seen = Array.from({ length }, (_, i) => distinctChars(members.map((m) => m[i]!)));
  const runs = new Map<number, DigitRun>();
  for (let i = 0; i < length; ) {
    if (!isFree(members[0]![i]!)) {
      i++;
      continue;
    }
    let end = i;
    while (end < length && isFree(members[0]![end]!)) end++;
    const numbers = members.map((m) => m.slice(i, end).join(''));
    // Equal lengths: comparing as strings compares as numbers.
    if (numbers.every((n) => [...n].every(isDigit))) {
      const sorted = [...numbers].sort();
      runs.set(i, { end, min: sorted[0]!, max: sorted.at(-1)! });
    }
    i = end;
  }
  return { seen, runs };
}

/** Digits for [start, run.end): each from those seen at its position, the number kept within [min, max]. */
function drawRun(start: number, run: DigitRun, seen: readonly (readonly string[])[], rng: Rng): string {
  let out = '';
  let atMin = true;
  let atMax = true;
  for (let i = start; i < run.end; i++) {
    const lo = run.min[i - start]!;
    const hi = run.max[i - start]!;
    // Never empty: the digits of min and max at i are both seen there and fit whichever bound is still tight.
    const allowed = seen[i]!.filter((d) => (!atMin || d >= lo) && (!atMax || d <= hi));
    const d = allowed[rng.int(0, allowed.length - 1)]!;
    atMin &&= d === lo;
    atMax &&= d === hi;
    out += d;
  }
  return out;
}

export interface PositionShapes {
  readonly reshape: (template: string, rng: Rng) => string;
}

export function positionShapes(templates: readonly string[], affixes: Affixes): PositionShapes {
  const bySkeleton = new Map<string, string[][]>();
  const distinct = [...new Set(templates)];
  for (const t of distinct) {
    const chars = [...t];
    const key = skeletonOf(chars);
    const members = bySkeleton.get(key) ?? [];
    members.push(chars);
    bySkeleton.set(key, members);
  }
  const peers = new Map<string, Peers>();
  for (const [key, members] of bySkeleton) if (members.length >= MIN_PEERS) peers.set(key, peersOf(members));
  const all = distinct.join('');
  const alphabet: Alphabet = {
    digits: distinctChars([...all].filter(isDigit)).join('') || '0123456789',
    lower: distinctChars([...all].filter((ch) => ch >= 'a' && ch <= 'z')).join('') || 'abcdefghijklmnopqrstuvwxyz',
    upper: distinctChars([...all].filter((ch) => ch >= 'A' && ch <= 'Z')).join('') || 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  };

  return {
    reshape(template, rng) {
      const chars = [...template];
      const group = peers.get(skeletonOf(chars));
      if (!group) return scramble(template, rng, affixes, alphabet);
      let out = '';
      for (let i = 0; i < chars.length; ) {
        const run = group.runs.get(i);
        if (run) {
          out += drawRun(i, run, group.seen, rng);
          i = run.end;
          continue;
        }
        const options = group.seen[i]!;
        // Punctuation, affixes and constant positions have one option: kept without a draw.
        out += options.length === 1 ? options[0] : options[rng.int(0, options.length - 1)];
        i++;
      }
      return out;
    },
  };
}
